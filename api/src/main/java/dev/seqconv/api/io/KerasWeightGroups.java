package dev.seqconv.api.io;

import dev.seqconv.api.ndarray.NdArray;
import io.jhdf.api.WritableGroup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keras 3's naming of a model's weight groups in HDF5, the one rule both {@code .weights.h5} files
 * ({@link WeightsFile#save}) and the {@code model.weights.h5} inside {@code .keras} archives (package
 * {@code keras}) follow: a group {@code layers/<snake_case class name>[_<n>]} per layer except InputLayers,
 * counted per class in layer order ({@code layers/dense}, {@code layers/dense_1}), whatever the layers are named;
 * in it the layer's {@link LayerLayout#groups() vars groups} with datasets {@code 0, 1, ...} in the order the
 * layer declares its weights: {@code vars} for most layers, an empty {@code vars} and {@code cell/vars} for the
 * recurrent ones (which layer keeps what where is the layer's Keras codec's, in package {@code keras}). Each
 * {@code vars} group has the attribute {@code name} (its owner, the layer or its cell), as Keras 3.7 and later
 * write it.
 *
 * <p>Keras also writes an empty {@code vars} group for each layer without weights (pooling, Flatten, Dropout) and
 * for the model at the root; {@link #write} leaves these out. jhdf 0.9.4 writes its creator string over whatever it
 * lays out after the last dataset's values, so a group without a dataset below it that lands there is lost and the
 * file cannot be read back; and Keras's {@code H5IOStore} reads a missing group as no variables, which is what
 * these layers and a Sequential model have (the counter in a group's name still counts them). The empty groups of
 * a layer with weights (a recurrent layer's {@code vars}) stay: jhdf lays them out before the groups whose
 * datasets follow them.
 */
public final class KerasWeightGroups {

    /** The root group holding one group per layer. */
    public static final String LAYERS = "layers";
    /** The attribute of a {@code vars} group naming its owner. */
    public static final String NAME_ATTRIBUTE = "name";
    /** Keras's class name of the layer that declares the input; it has no group. */
    public static final String INPUT_LAYER = "InputLayer";

    private KerasWeightGroups() {
    }

    /**
     * Each layer's group name under {@code layers/}, aligned with {@code classNames}; null for an InputLayer,
     * which has none.
     */
    public static List<String> groupNames(List<String> classNames) {
        Map<String, Integer> used = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (String className : classNames) {
            if (INPUT_LAYER.equals(className)) {
                names.add(null);
                continue;
            }
            String base = snakeCase(className);
            int count = used.merge(base, 1, Integer::sum) - 1;
            names.add(count == 0 ? base : base + "_" + count);
        }
        return names;
    }

    /** Keras's {@code naming.to_snake_case}: {@code GlobalMaxPooling1D} → {@code global_max_pooling1d}. */
    public static String snakeCase(String className) {
        return className.replaceAll("\\W+", "").replaceAll("(.)([A-Z][a-z]+)", "$1_$2")
                .replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /**
     * Writes {@code layers} with {@code weights} (flattened, in layer order) in this layout under {@code root},
     * the root group of a new HDF5 file: a group for every layer with weights.
     */
    public static void write(WritableGroup root, List<LayerLayout> layers, List<NdArray> weights) {
        WritableGroup groups = root.putGroup(LAYERS);
        List<String> names = groupNames(layers.stream().map(LayerLayout::className).toList());
        int next = 0;
        for (int i = 0; i < layers.size(); i++) {
            LayerLayout layer = layers.get(i);
            if (names.get(i) == null || layer.weights().isEmpty()) {
                next += layer.weights().size();
                continue;
            }
            WritableGroup group = groups.putGroup(names.get(i));
            for (LayerLayout.VarsGroup varsGroup : layer.groups()) {
                WritableGroup vars = group;
                for (String part : varsGroup.path().split("/")) {
                    vars = vars.getChild(part) instanceof WritableGroup existing ? existing : vars.putGroup(part);
                }
                vars.putAttribute(NAME_ATTRIBUTE, varsGroup.owner());
                for (int w = 0; w < varsGroup.count(); w++) {
                    vars.putDataset(Integer.toString(w), WeightsFile.nested(weights.get(next++)));
                }
            }
        }
    }
}
