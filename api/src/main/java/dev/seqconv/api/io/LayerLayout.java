package dev.seqconv.api.io;

import dev.seqconv.api.ndarray.Shape;
import java.util.List;

/**
 * What the weight files need to know of one layer of a model: its name (the HDF5 group), its Keras class name
 * (the group's {@code class_name} attribute) and its weights in order (the datasets {@code vars/0},
 * {@code vars/1}, ...). The model describes its layers so; this package knows nothing else of models or layers.
 *
 * @param name      the layer's unique name within the model, e.g. {@code conv1d_1}
 * @param className the layer's Keras class name, e.g. {@code Conv1D}
 * @param weights   its weights, in the order the layer declares them; empty for a layer without weights
 */
public record LayerLayout(String name, String className, List<Variable> weights) {

    public LayerLayout {
        weights = List.copyOf(weights);
    }

    /**
     * One weight of a layer.
     *
     * @param name  its name within the layer, e.g. {@code kernel}
     * @param shape its shape
     */
    public record Variable(String name, Shape shape) {
    }
}
