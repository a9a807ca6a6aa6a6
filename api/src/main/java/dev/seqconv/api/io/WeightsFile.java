package dev.seqconv.api.io;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A model's weights in an HDF5 file. {@link #save} writes Keras 3's {@code .weights.h5} layout exactly as Keras 3's
 * {@code model.save_weights} does for the same network, so Keras's {@code model.load_weights} reads it (the
 * layout is {@link KerasWeightGroups}'s: {@code layers/<class in snake_case>[_<n>]/vars/0, 1, ...}, recurrent
 * weights in {@code cell/vars}, float32; no optimizer variables). Any engine's weights load into any other's.
 *
 * <p>{@link #load} also reads seqconv's own layout, which weights files had before and checkpoints
 * ({@link CheckpointFile}) still have: root attribute {@code seqconv_format = keras-weights-h5/1}, a group
 * {@code layers}, in it one group per layer with weights, named as the layer, with a {@code class_name}
 * attribute and the datasets {@code vars/0}, {@code vars/1}, .... A file with that attribute is read in that
 * layout, one without it in Keras 3's.
 *
 * <p>Files are written with {@link AtomicFiles}: a crash mid-save never leaves a half-written file under the
 * final name, and a reader sees the old file or the new one.
 */
public final class WeightsFile {

    /** The root attribute naming seqconv's own layout (checkpoints, and weights files of earlier versions). */
    static final String FORMAT_ATTRIBUTE = "seqconv_format";
    static final String FORMAT = "keras-weights-h5/1";

    static {
        Fletcher32Filter.install();
    }

    private WeightsFile() {
    }

    /**
     * Writes the weights of {@code layers} (flattened, in layer order) to {@code file} in Keras 3's
     * {@code .weights.h5} layout.
     *
     * @throws NonFiniteValuesException if a weight holds NaN or infinite values; nothing is written
     */
    public static void save(Path file, List<LayerLayout> layers, List<NdArray> weights) {
        writeAtomically(file, layers, weights, h5 -> KerasWeightGroups.write(h5, layers, weights));
    }

    /**
     * Writes the weights in seqconv's own layout, then lets {@code extra} add groups and attributes, all to a
     * file moved into place (checkpoints).
     *
     * @throws NonFiniteValuesException if a weight holds NaN or infinite values; nothing is written
     */
    static void write(Path file, List<LayerLayout> layers, List<NdArray> weights,
                      Consumer<WritableHdfFile> extra) {
        writeAtomically(file, layers, weights, h5 -> {
            writeSeqconvLayout(h5, layers, weights);
            extra.accept(h5);
        });
    }

    /** Checks the weights, then writes a file with {@code content} and moves it into place. */
    private static void writeAtomically(Path file, List<LayerLayout> layers, List<NdArray> weights,
                                        Consumer<WritableHdfFile> content) {
        int next = 0;
        for (LayerLayout layer : layers) {
            for (LayerLayout.Variable weight : layer.weights()) {
                requireFinite(file, weights.get(next++), "layer '" + layer.name() + "' weight " + weight.name());
            }
        }
        AtomicFiles.write(file, temporary -> writeHdf5(temporary, content));
    }

    /**
     * Writes an HDF5 file with {@code content}, then checks that every group in it reads back; jhdf's failures to
     * write come out as the I/O failures they are.
     *
     * @throws IOException also for a file jhdf wrote but cannot read back, so that it never replaces a good one
     */
    static void writeHdf5(Path file, Consumer<WritableHdfFile> content) throws IOException {
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            content.accept(h5);
        } catch (HdfException e) {
            throw e.getCause() instanceof IOException cause ? cause : new IOException(e.getMessage(), e);
        }
        try (HdfFile h5 = new HdfFile(file)) {
            readAllGroups(h5);
        } catch (RuntimeException e) {
            throw new IOException("the HDF5 library (jhdf 0.9.4) wrote a file it cannot read back (" + e.getMessage()
                    + "), a seqconv defect for this model's layout; please report it with the model's layers", e);
        }
    }

    private static void readAllGroups(Group group) {
        for (Node child : group.getChildren().values()) {
            if (child instanceof Group inner) {
                readAllGroups(inner);
            }
        }
    }

    /**
     * seqconv's own layout: the format attribute, then {@code layers/<layer name>/vars/i} for layers with weights;
     * no {@code layers} group for a model without weights (jhdf 0.9.4 could not read back an empty one beside the
     * checkpoint's optimizer state, see {@link KerasWeightGroups}).
     */
    private static void writeSeqconvLayout(WritableHdfFile h5, List<LayerLayout> layers, List<NdArray> weights) {
        h5.putAttribute(FORMAT_ATTRIBUTE, FORMAT);
        if (weights.isEmpty()) {
            return;
        }
        WritableGroup groups = h5.putGroup("layers");
        int next = 0;
        for (LayerLayout layout : layers) {
            int count = layout.weights().size();
            if (count == 0) {
                continue;
            }
            WritableGroup layer = groups.putGroup(layout.name());
            layer.putAttribute("class_name", layout.className());
            WritableGroup vars = layer.putGroup("vars");
            for (int i = 0; i < count; i++) {
                vars.putDataset(Integer.toString(i), nested(weights.get(next++)));
            }
        }
    }

    /**
     * Refuses to save {@code value} if it holds NaN or infinite values.
     *
     * @param what names the value, e.g. {@code layer 'dense' weight kernel}
     */
    static void requireFinite(Path file, NdArray value, String what) {
        if (value.firstNonFinite() >= 0) {
            throw new NonFiniteValuesException("Not saving " + file + ": " + what + " holds NaN or infinite values "
                    + "(training diverged), and such a file could never be loaded; the previous file, if any, is "
                    + "kept. Lower the learning rate, or stop before the divergence (TerminateOnNaN)");
        }
    }

    /**
     * Reads weights for {@code layers} from {@code file}, checking that it holds exactly these layers' weights:
     * a file in Keras 3's layout (written by {@link #save} or by Keras 3's {@code save_weights}) or in seqconv's
     * own (root attribute {@code seqconv_format = keras-weights-h5/1}: checkpoints, weights files of earlier
     * versions).
     *
     * @throws IllegalArgumentException naming the problem: a missing, truncated or foreign file, a missing or
     *                                  extra layer, or a weight of another shape
     */
    public static List<NdArray> load(Path file, List<LayerLayout> layers) {
        return Hdf5Reader.read(file, h5 -> weights(file, h5, layers));
    }

    /** The weights for {@code layers} in the open {@code h5}, as {@link #load} reads them. */
    static List<NdArray> weights(Path file, HdfFile h5, List<LayerLayout> layers) {
        io.jhdf.api.Attribute format = h5.getAttribute(FORMAT_ATTRIBUTE);
        if (format == null) {
            return readKerasLayers(file, h5, layers);
        }
        if (FORMAT.equals(String.valueOf(format.getData()))) {
            return readLayers(file, h5, layers);
        }
        throw new IllegalArgumentException(file + " is in seqconv's weights layout '" + format.getData()
                + "', which this seqconv does not know (it reads Keras 3's .weights.h5 layout and '" + FORMAT
                + "'): it was written by a newer seqconv");
    }

    private static List<NdArray> readLayers(Path file, HdfFile h5, List<LayerLayout> layers) {
        Node root = h5.getChild("layers");
        if (root == null && layers.stream().allMatch(layer -> layer.weights().isEmpty())) {
            return List.of();
        }
        if (!(root instanceof Group groups)) {
            throw new IllegalArgumentException(file + " has no 'layers' group: it is not a weights file in Keras's "
                    + ".weights.h5 layout");
        }
        Hdf5Features.checkObject(groups, file + ": group 'layers'");
        Set<String> expected = new LinkedHashSet<>();
        layers.stream().filter(n -> !n.weights().isEmpty()).forEach(n -> expected.add(n.name()));
        Set<String> extra = new LinkedHashSet<>(groups.getChildren().keySet());
        extra.removeAll(expected);
        if (!extra.isEmpty()) {
            throw new IllegalArgumentException(file + " holds weights for layers " + extra + " that this model does "
                    + "not have: it was saved from another model");
        }
        List<NdArray> weights = new ArrayList<>();
        for (LayerLayout node : layers) {
            int count = node.weights().size();
            if (count == 0) {
                continue;
            }
            if (!(groups.getChild(node.name()) instanceof Group layer) || !(layer.getChild("vars") instanceof Group vars)) {
                throw new IllegalArgumentException(file + " has no weights for layer '" + node.name() + "' ("
                        + node.className() + "); it holds layers " + groups.getChildren().keySet()
                        + ": it was saved from another model");
            }
            Hdf5Features.checkObject(layer, file + ": group 'layers/" + node.name() + "'");
            Hdf5Features.checkObject(vars, file + ": group 'layers/" + node.name() + "/vars'");
            for (int i = 0; i < count; i++) {
                weights.add(read(file, node, i, vars, i));
            }
        }
        return weights;
    }

    /** The weights in Keras 3's layout, each layer's from the group of its class and per-class counter. */
    private static List<NdArray> readKerasLayers(Path file, HdfFile h5, List<LayerLayout> layers) {
        if (!(h5.getChild(KerasWeightGroups.LAYERS) instanceof Group groups)) {
            throw new IllegalArgumentException(file + " has no 'layers' group: it is not a weights file in Keras's "
                    + ".weights.h5 layout");
        }
        Hdf5Features.checkObject(groups, file + ": group 'layers'");
        List<String> names = KerasWeightGroups.groupNames(layers.stream().map(LayerLayout::className).toList());
        Set<String> extra = new TreeSet<>();
        for (Map.Entry<String, Node> child : groups.getChildren().entrySet()) {
            int position = names.indexOf(child.getKey());
            if ((position < 0 || layers.get(position).weights().isEmpty()) && holdsData(child.getValue())) {
                extra.add(child.getKey());
            }
        }
        if (!extra.isEmpty()) {
            throw new IllegalArgumentException(file + " holds weights for layers " + extra + " that this model does "
                    + "not have (its layers with weights are in the groups " + groupsWithWeights(names, layers)
                    + "): it was saved from another model");
        }
        List<NdArray> weights = new ArrayList<>();
        for (int position = 0; position < layers.size(); position++) {
            LayerLayout node = layers.get(position);
            if (node.weights().isEmpty()) {
                continue;
            }
            String name = names.get(position);
            if (!(groups.getChild(name) instanceof Group layer)) {
                throw new IllegalArgumentException(file + " has no weights for layer '" + node.name() + "' ("
                        + node.className() + ", Keras group 'layers/" + name + "'); it holds layers "
                        + new TreeSet<>(groups.getChildren().keySet()) + ": it was saved from another model");
            }
            Hdf5Features.checkObject(layer, file + ": group 'layers/" + name + "'");
            int next = 0;
            for (LayerLayout.VarsGroup varsGroup : node.groups()) {
                if (varsGroup.count() == 0) {
                    continue;
                }
                String path = varsGroup.path();
                Node vars = layer;
                for (String part : path.split("/")) {
                    vars = vars instanceof Group parent ? parent.getChild(part) : null;
                    if (vars != null) {
                        Hdf5Features.checkObject(vars, file + ": group '" + vars.getPath() + "'");
                    }
                }
                if (!(vars instanceof Group group) || group.getChildren().size() != varsGroup.count()) {
                    throw new IllegalArgumentException(file + ": layer '" + node.name() + "' (" + node.className()
                            + ") has " + varsGroup.count() + " weights, but 'layers/" + name + "/" + path + "' holds "
                            + (vars instanceof Group group ? group.getChildren().size() : "none")
                            + ": the file was saved from another model");
                }
                for (int i = 0; i < varsGroup.count(); i++) {
                    weights.add(read(file, node, next++, group, i));
                }
            }
        }
        return weights;
    }

    private static List<String> groupsWithWeights(List<String> names, List<LayerLayout> layers) {
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            if (names.get(i) != null && !layers.get(i).weights().isEmpty()) {
                groups.add(names.get(i));
            }
        }
        return groups;
    }

    private static boolean holdsData(Node node) {
        return node instanceof Dataset
                || node instanceof Group group && group.getChildren().values().stream().anyMatch(WeightsFile::holdsData);
    }

    /** The layer's weight {@code index}, dataset {@code dataset} of {@code vars}. */
    private static NdArray read(Path file, LayerLayout node, int index, Group vars, int dataset) {
        LayerLayout.Variable weight = node.weights().get(index);
        String where = file + ": layer '" + node.name() + "' weight " + index + " (" + weight.name() + ")";
        return dataset(vars, dataset, weight.shape(), where);
    }

    /**
     * The float32 dataset {@code vars/index} of the given shape.
     *
     * @param where names the value in messages
     */
    static NdArray dataset(Group vars, int index, Shape shape, String where) {
        if (!(vars.getChild(Integer.toString(index)) instanceof Dataset dataset)) {
            throw new IllegalArgumentException(where + " is missing: the file was saved from another model");
        }
        int[] dims = dataset.getDimensions();
        if (!Arrays.equals(dims, shape.dims())) {
            throw new IllegalArgumentException(where + " has shape " + Shape.of(dims) + " but the model needs " + shape
                    + ": the file was saved from another model");
        }
        Hdf5Features.checkObject(dataset, where);
        Hdf5Features.checkDataset(dataset, where);
        float[] values;
        try {
            values = (float[]) dataset.getDataFlat();
        } catch (RuntimeException e) {
            throw Hdf5Reader.unreadable(where, e);
        }
        NdArray value = NdArray.wrapFloats(shape, values);
        if (value.firstNonFinite() >= 0) {
            throw new IllegalArgumentException(where + " holds NaN or infinite values");
        }
        return value;
    }

    /** A value as the nested Java array HDF5 writers take: {@code float[][]...} of its rank. */
    static Object nested(NdArray weight) {
        float[] flat = weight.toFloatArray();
        int[] dims = weight.shape().dims();
        if (dims.length == 1) {
            return flat;
        }
        Object array = Array.newInstance(float.class, dims);
        fill(array, dims, 0, flat, 0);
        return array;
    }

    private static int fill(Object array, int[] dims, int axis, float[] flat, int offset) {
        if (axis == dims.length - 1) {
            System.arraycopy(flat, offset, array, 0, dims[axis]);
            return offset + dims[axis];
        }
        for (int i = 0; i < dims[axis]; i++) {
            offset = fill(Array.get(array, i), dims, axis + 1, flat, offset);
        }
        return offset;
    }
}
