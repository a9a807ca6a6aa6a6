package dev.seqconv.api.keras;

import com.google.gson.JsonObject;
import dev.seqconv.api.io.LayerLayout;
import dev.seqconv.api.layers.Layer;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How one seqconv layer type goes to and from Keras files: Keras's class name, the config keys it maps onto the
 * layer's settings, the config read into a layer and written from one, and where Keras 3 keeps the layer's
 * weights. A codec is registered in {@link KerasLayerCodecs}, the one list import, export and the weight layouts
 * loop over; the weights' names, order and shapes are not repeated here but come from the layer's
 * {@link Layer#build}. Codecs extend {@link LayerCodec}, which holds the class name, type and keys.
 *
 * <p>Reading and writing are inverse on every setting seqconv has: for a layer {@code l},
 * {@code read(write(l)) = l} up to its name and its initializers where Keras has no equal.
 *
 * @param <L> the seqconv layer type
 */
interface KerasLayerCodec<L extends Layer> {

    /** Keras's class name, as in a config's {@code class_name}: {@code Conv1D}. */
    String className();

    /** The seqconv layer type this codec reads into and writes from. */
    Class<L> layerType();

    /**
     * The config keys this codec maps onto the layer's settings. Any other key is refused unless
     * {@link ConfigReading#checkKeys} ignores it (names, initializers...) or it holds the value meaning "off".
     */
    Set<String> keys();

    /**
     * The layer a Keras config describes, unnamed; called only after the keys were checked.
     *
     * @throws IllegalArgumentException naming the setting seqconv does not model and what it supports instead
     */
    L read(KerasConfig config, ReadContext context);

    /**
     * Adds the layer's settings to {@code config} in Keras 3's schema (the common keys {@code trainable} and
     * {@code dtype} are already there, the name is added after).
     *
     * @param inexact told of each setting Keras 3 computes differently under the name it is written with
     * @throws IllegalArgumentException if Keras has no equal of one of the layer's settings
     */
    void write(L layer, JsonObject config, Consumer<String> inexact);

    /**
     * Where Keras 3 keeps the layer's weights under its group {@code layers/<class>[_n]}: the {@code vars} groups
     * in order, each taking the next weights in the layer's order. By default all in the layer's own
     * {@code vars}; a recurrent layer keeps them in {@code cell/vars}, a wrapper in each wrapped layer's groups.
     *
     * @param config      the layer's Keras config (a wrapper's tells the wrapped class)
     * @param layerName   the layer's name, which its own {@code vars} group carries
     * @param weightCount the number of weights the layer declares
     */
    default List<LayerLayout.VarsGroup> weightGroups(KerasConfig config, String layerName, int weightCount) {
        return List.of(new LayerLayout.VarsGroup(LayerLayout.VarsGroup.VARS, layerName, weightCount));
    }

    /**
     * The name seqconv's {@link Layer#build} gives a weight that a legacy {@code .h5} file lists under
     * {@code path} in its {@code weight_names}: by default the last path component without Keras's
     * {@code :0} suffix ({@code lstm_1/lstm_cell_1/kernel:0} → {@code kernel}); a wrapper whose weights sit
     * under {@code forward_...}/{@code backward_...} components keeps what tells them apart.
     */
    default String legacyWeightName(String path) {
        return ConfigReading.lastPathComponent(path);
    }

    /**
     * What a codec may need of the file beyond the layer's config.
     *
     * @param kerasMajorVersion the major version of the Keras that wrote the file, which defines what an
     *                          activation's name means
     */
    record ReadContext(int kerasMajorVersion) {

        /** The file's Keras major version: from its {@code keras_version}; 2 for a legacy file without one, else 3. */
        static ReadContext of(KerasModel model) {
            return new ReadContext(model.kerasVersion().map(ReadContext::major)
                    .orElse(model.format() == KerasFormat.LEGACY_H5 ? 2 : 3));
        }

        /** The major version in a Keras version string such as {@code 2.3.0-tf}. */
        private static int major(String version) {
            int dot = version.indexOf('.');
            try {
                return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
            } catch (NumberFormatException e) {
                return 3;
            }
        }
    }
}
