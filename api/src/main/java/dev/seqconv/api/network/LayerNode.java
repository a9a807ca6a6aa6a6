package dev.seqconv.api.network;

import dev.seqconv.api.io.LayerLayout;
import dev.seqconv.api.keras.KerasLayerCodecs;
import dev.seqconv.api.layers.Layer;
import dev.seqconv.api.layers.LayerBuild;
import dev.seqconv.api.ndarray.Shape;

/**
 * A layer placed in a model: its unique name, and what it was built with and declared.
 *
 * @param name       unique within the model
 * @param layer      the layer's configuration
 * @param inputShape the shape it receives, batch included
 * @param build      its weights and output shape
 */
public record LayerNode(String name, Layer layer, Shape inputShape, LayerBuild build) {

    public Shape outputShape() {
        return build.outputShape();
    }

    /**
     * This layer as the weight files see it: name, Keras class name, its weights' names and shapes, and the groups
     * Keras 3 keeps them in.
     */
    public LayerLayout weightsLayout() {
        return KerasLayerCodecs.weightsLayout(name, layer, build.weights());
    }
}
