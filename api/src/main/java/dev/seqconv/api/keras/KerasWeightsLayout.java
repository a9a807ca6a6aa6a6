package dev.seqconv.api.keras;

import dev.seqconv.api.io.Hdf5Access;
import dev.seqconv.api.io.KerasWeightGroups;
import dev.seqconv.api.io.LayerLayout;
import dev.seqconv.api.ndarray.NdArray;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reading and writing Keras 3's layout of a model's weights in HDF5, as in {@code model.weights.h5} inside a
 * {@code .keras} archive and in a {@code .weights.h5} file (see {@link KerasFormat#WEIGHTS_H5_AND_JSON}). The
 * layout itself (group names by class and per-class counter, the {@code name} attributes) is
 * {@link KerasWeightGroups}'s, shared with seqconv's own {@code saveWeights}; where in its group each class keeps
 * its weights ({@code vars}, a recurrent layer's {@code cell/vars}) is its codec's ({@link KerasLayerCodecs}). The
 * optimizer's {@code optimizer/vars} is neither read nor written.
 */
final class KerasWeightsLayout {

    /** Where a class without a codec may keep weights: where Keras 3's own layers keep theirs. */
    private static final List<String> ANY_CLASS = List.of(LayerLayout.VarsGroup.VARS,
            LayerLayout.VarsGroup.CELL_VARS);

    private KerasWeightsLayout() {
    }

    /**
     * Keras 3's group name of each layer under {@code layers/}, aligned with {@code layers}; null for an
     * InputLayer, which has none.
     */
    static List<String> groupNames(List<KerasLayer> layers) {
        return KerasWeightGroups.groupNames(layers.stream().map(KerasLayer::className).toList());
    }

    /**
     * The layers with their weights from {@code h5}, checked against the configuration.
     *
     * @param file       names the file in messages (for an archive, the archive)
     * @param checkNames whether a {@code vars} group's {@code name} attribute, where there is one, must be its
     *                   layer's name (Keras's own {@code load_weights} ignores it)
     */
    static List<KerasLayer> read(Path file, HdfFile h5, KerasModel model, boolean checkNames) {
        List<KerasLayer> layers = model.layers();
        if (!(h5.getChild("layers") instanceof Group groups)) {
            h5.getChildren().keySet().stream().filter(n -> n.startsWith("layers\\")).sorted().findFirst()
                    .ifPresent(name -> {
                        throw new KerasFileException(file, "the weights' HDF5 groups are named with backslashes ('"
                                + name + "' where Keras writes 'layers/" + name.substring("layers\\".length())
                                + "'): the file was written by tf.keras 2.13 to 2.15 on Windows, which joined the "
                                + "names with the Windows path separator; only that tf.keras on Windows reads it "
                                + "back (Keras 3 does not, on any system). Load it there and save it as a legacy "
                                + ".h5 file (model.save(\"model.h5\")), which seqconv reads");
                    });
            throw new KerasFileException(file, "the weights have no 'layers' group: they are not in Keras 3's "
                    + "weights layout (a legacy full-model .h5 file is read by its .h5 name)");
        }
        Hdf5Access.checkObject(groups, file + ": group 'layers'");
        List<String> names = groupNames(layers);
        Set<String> unclaimed = new HashSet<>(groups.getChildren().keySet());
        names.forEach(unclaimed::remove);
        for (String extra : unclaimed) {
            if (holdsData(groups.getChild(extra))) {
                throw new KerasFileException(file, "the weights hold a group 'layers/" + extra + "' that no layer "
                        + "of the configuration has (its groups would be " + names.stream().filter(n -> n != null)
                        .toList() + "): the weights were saved from another model");
            }
        }
        return KerasWeightMatcher.match(file, model, (position, layer, weightNames, label) -> {
            String name = names.get(position);
            if (name == null) {
                return List.of();
            }
            if (!(groups.getChild(name) instanceof Group group)) {
                if (weightNames != null && weightNames.isEmpty()) {
                    return List.of(); // Keras reads a missing group as no variables; seqconv writes none for them
                }
                throw new KerasFileException(file, "the weights have no group 'layers/" + name + "' for " + label
                        + ": they were saved from another model");
            }
            Hdf5Access.checkObject(group, file + ": group 'layers/" + name + "'");
            List<String> paths = KerasLayerCodecs.forClassName(layer.className())
                    .map(codec -> codec.weightGroups(layer.config(), layer.name(),
                                    weightNames == null ? 0 : weightNames.size())
                            .stream().map(LayerLayout.VarsGroup::path).toList())
                    .orElse(ANY_CLASS);
            Set<String> children = new TreeSet<>();
            paths.forEach(path -> children.add(path.substring(0, (path + "/").indexOf('/'))));
            for (Map.Entry<String, Node> child : group.getChildren().entrySet()) {
                if (!children.contains(child.getKey()) && holdsData(child.getValue())) {
                    throw new KerasFileException(file, label + " keeps weights in 'layers/" + name + "/"
                            + child.getKey() + "' (a layer nesting other layers, e.g. a wrapper): seqconv reads a "
                            + "layer's own 'vars' and a recurrent layer's 'cell/vars' only");
                }
            }
            Map<String, Dataset> datasets = new LinkedHashMap<>();
            for (String path : paths) {
                boolean own = path.equals(LayerLayout.VarsGroup.VARS);
                datasets.putAll(vars(file, group, path, label, checkNames && own ? layer.name() : null));
            }
            List<KerasWeight> weights = new ArrayList<>();
            for (Map.Entry<String, Dataset> dataset : datasets.entrySet()) {
                int i = weights.size();
                String where = file + ": " + label + " weight " + i + " (HDF5 dataset layers/" + name + "/"
                        + dataset.getKey() + ")";
                weights.add(new KerasWeight(weightNames != null && weightNames.size() == datasets.size()
                        ? weightNames.get(i) : dataset.getKey(), KerasWeightMatcher.values(file, dataset.getValue(), where)));
            }
            return weights;
        });
    }

    /**
     * The datasets {@code 0, 1, ...} of the {@code vars} group at {@code path} under {@code group}, by their path
     * under {@code group}, none if it is absent; checks its {@code name} attribute, where there is one, against
     * {@code owner}.
     */
    private static Map<String, Dataset> vars(Path file, Group group, String path, String label, String owner) {
        Node node = group;
        for (String part : path.split("/")) {
            node = node instanceof Group parent ? parent.getChild(part) : null;
        }
        if (!(node instanceof Group vars)) {
            return Map.of();
        }
        Hdf5Access.checkObject(vars, file + ": group '" + vars.getPath() + "'");
        Attribute name = vars.getAttribute("name");
        if (owner != null && name != null && !owner.equals(String.valueOf(name.getData()))) {
            throw new KerasFileException(file, "the weights group " + vars.getPath() + " belongs to a layer named '"
                    + name.getData() + "', but " + label + " is at that position in the configuration: the weights "
                    + "were saved from another model");
        }
        Map<String, Dataset> datasets = new LinkedHashMap<>();
        for (int i = 0; i < vars.getChildren().size(); i++) {
            if (!(vars.getChild(Integer.toString(i)) instanceof Dataset dataset)) {
                throw new KerasFileException(file, "the weights group " + vars.getPath() + " of " + label + " holds "
                        + vars.getChildren().keySet() + " instead of the datasets 0 to "
                        + (vars.getChildren().size() - 1) + " that Keras 3 writes");
            }
            datasets.put(path + "/" + i, dataset);
        }
        return datasets;
    }

    private static boolean holdsData(Node node) {
        return node instanceof Dataset
                || node instanceof Group group && group.getChildren().values().stream().anyMatch(KerasWeightsLayout::holdsData);
    }

    /** Writes the model's weights in Keras 3's layout under {@code root}, the root group of a new HDF5 file. */
    static void write(WritableGroup root, KerasModel model) {
        List<LayerLayout> layers = new ArrayList<>();
        List<NdArray> weights = new ArrayList<>();
        for (KerasLayer layer : model.layers()) {
            layers.add(new LayerLayout(layer.name(), layer.className(), layer.weights().stream()
                    .map(w -> new LayerLayout.Variable(w.name(), w.value().shape())).toList(),
                    KerasLayerCodecs.weightGroups(layer, layer.weights().size())));
            layer.weights().forEach(w -> weights.add(w.value()));
        }
        KerasWeightGroups.write(root, layers, weights);
    }
}
