package dev.seqconv.api.io;

import dev.seqconv.api.ndarray.Shape;
import java.util.List;

/**
 * What the weight files need to know of one layer of a model: its name (the HDF5 group), its Keras class name
 * (the group's {@code class_name} attribute, and Keras 3's group name), its weights in order (the datasets
 * {@code vars/0}, {@code vars/1}, ...) and the {@code vars} groups Keras 3 keeps them in. The model describes its
 * layers so; this package knows nothing else of models or layers.
 *
 * @param name      the layer's unique name within the model, e.g. {@code conv1d_1}
 * @param className the layer's Keras class name, e.g. {@code Conv1D}
 * @param weights   its weights, in the order the layer declares them; empty for a layer without weights
 * @param groups    the {@code vars} groups holding them in Keras 3's layout, in order, their counts summing to the
 *                  number of weights
 */
public record LayerLayout(String name, String className, List<Variable> weights, List<VarsGroup> groups) {

    public LayerLayout {
        weights = List.copyOf(weights);
        groups = List.copyOf(groups);
        if (groups.stream().mapToInt(VarsGroup::count).sum() != weights.size()) {
            throw new IllegalArgumentException("layer '" + name + "' has " + weights.size() + " weights but its "
                    + "vars groups " + groups + " hold a different number");
        }
    }

    /** A layer keeping all its weights in its own {@code vars} group, as most Keras layers do. */
    public LayerLayout(String name, String className, List<Variable> weights) {
        this(name, className, weights, List.of(new VarsGroup(VarsGroup.VARS, name, weights.size())));
    }

    /**
     * One weight of a layer.
     *
     * @param name  its name within the layer, e.g. {@code kernel}
     * @param shape its shape
     */
    public record Variable(String name, Shape shape) {
    }

    /**
     * A {@code vars} group of Keras 3's layout under the layer's group, holding the next {@code count} weights as
     * datasets {@code 0, 1, ...}.
     *
     * @param path  its path under the layer's group: {@code vars}, {@code cell/vars}, {@code forward_layer/cell/vars}
     * @param owner its {@code name} attribute: the name of the layer (or cell) the variables belong to
     * @param count how many of the layer's weights it holds, in order; 0 for a group Keras writes empty
     */
    public record VarsGroup(String path, String owner, int count) {

        /** The layer's own variables. */
        public static final String VARS = "vars";
        /** A recurrent layer's variables, kept by its cell. */
        public static final String CELL_VARS = "cell/vars";
    }
}
