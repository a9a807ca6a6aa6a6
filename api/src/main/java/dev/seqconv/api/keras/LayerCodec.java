package dev.seqconv.api.keras;

import dev.seqconv.api.layers.Layer;
import java.util.Set;

/**
 * A codec's identity, held once: Keras's class name, the seqconv type and the config keys it maps. Codecs extend
 * it and write only {@code read} and {@code write} (and where their weights sit, if not in {@code vars}).
 *
 * @param <L> the seqconv layer type
 */
abstract class LayerCodec<L extends Layer> implements KerasLayerCodec<L> {

    private final String className;
    private final Class<L> layerType;
    private final Set<String> keys;

    LayerCodec(String className, Class<L> layerType, Set<String> keys) {
        this.className = className;
        this.layerType = layerType;
        this.keys = Set.copyOf(keys);
    }

    @Override
    public final String className() {
        return className;
    }

    @Override
    public final Class<L> layerType() {
        return layerType;
    }

    @Override
    public final Set<String> keys() {
        return keys;
    }
}
