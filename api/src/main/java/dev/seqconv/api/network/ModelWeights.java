package dev.seqconv.api.network;

import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model's weights by layer and name — {@code weights.get("conv1d", "kernel")} — ordered as the model declares
 * them: layer by layer, each layer's weights in the order of its {@code build}. Immutable; built against a
 * {@link LayerStack}, which checks that every weight is there, none is extra, and each is a float32 array of its
 * weight's shape. {@link #toList()} gives Keras's ordered {@code get_weights()} list.
 *
 * <p>The same tree carries anything with one array per weight: the gradients of a data-parallel shard (for a
 * non-trainable weight, its new value), or the weights sent to a cluster's executors. Serializable, to travel
 * between processes.
 */
public final class ModelWeights implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Layer name → weight name → array, both in the model's order. */
    private final Map<String, Map<String, NdArray>> layers;

    private ModelWeights(Map<String, Map<String, NdArray>> layers) {
        this.layers = layers;
    }

    /**
     * The weights of {@code stack} from Keras's ordered list (its {@code set_weights} argument).
     *
     * @param role how messages name an array, before the weight's {@code layer/name} ({@code "Weight"},
     *             {@code "Gradient of"})
     * @throws IllegalArgumentException if the count, a shape or a type does not match, naming the weight
     */
    public static ModelWeights of(LayerStack stack, List<NdArray> arrays, String role) {
        List<LayerStack.NamedWeight> expected = stack.weights();
        if (arrays.size() != expected.size()) {
            throw new IllegalArgumentException("This model has " + expected.size() + " weights, got " + arrays.size()
                    + " arrays");
        }
        Builder builder = new Builder(stack, role);
        for (int i = 0; i < arrays.size(); i++) {
            LayerStack.NamedWeight weight = expected.get(i);
            builder.put(weight.layer(), weight.spec().name(), arrays.get(i));
        }
        return builder.build();
    }

    /** No weights: those of a model without any, or what a shard without samples carries. */
    public static ModelWeights empty() {
        return new ModelWeights(Map.of());
    }

    /**
     * Builds the weights of {@code stack} one by one.
     *
     * @param role how messages name an array, before the weight's {@code layer/name} ({@code "Weight"},
     *             {@code "Gradient of"})
     */
    public static Builder builder(LayerStack stack, String role) {
        return new Builder(stack, role);
    }

    /**
     * The array of weight {@code weight} of layer {@code layer}.
     *
     * @throws IllegalArgumentException if the model has no such weight, naming the layer's weights
     */
    public NdArray get(String layer, String weight) {
        Map<String, NdArray> byName = layer(layer);
        NdArray array = byName.get(weight);
        if (array == null) {
            throw new IllegalArgumentException("Layer '" + layer + "' has no weight '" + weight + "'; its weights are "
                    + byName.keySet());
        }
        return array;
    }

    /** The layers' names, in order (layers without weights left out). */
    public List<String> layerNames() {
        return List.copyOf(layers.keySet());
    }

    /**
     * One layer's weights by name, in the layer's order.
     *
     * @throws IllegalArgumentException if the model has no layer {@code layer} with weights, naming those it has
     */
    public Map<String, NdArray> layer(String layer) {
        Map<String, NdArray> byName = layers.get(layer);
        if (byName == null) {
            throw new IllegalArgumentException("No layer '" + layer + "' with weights; the layers with weights are "
                    + layers.keySet());
        }
        return byName;
    }

    /** Every array in the model's order: Keras's {@code get_weights()}. */
    public List<NdArray> toList() {
        List<NdArray> list = new ArrayList<>();
        layers.values().forEach(byName -> list.addAll(byName.values()));
        return Collections.unmodifiableList(list);
    }

    /** How many weights. */
    public int size() {
        return layers.values().stream().mapToInt(Map::size).sum();
    }

    /** A function of one weight's array, given the weight's layer and name. */
    @FunctionalInterface
    public interface Mapping {
        NdArray apply(String layer, String weight, NdArray array);
    }

    /**
     * The tree with every array replaced by {@code f(layer, weight, array)}, which must keep its shape and type.
     *
     * @throws IllegalArgumentException if {@code f} changes an array's shape or type, naming the weight
     */
    public ModelWeights map(Mapping f) {
        Map<String, Map<String, NdArray>> mapped = new LinkedHashMap<>();
        layers.forEach((layer, byName) -> {
            Map<String, NdArray> arrays = new LinkedHashMap<>();
            byName.forEach((name, array) -> {
                NdArray result = f.apply(layer, name, array);
                if (!result.shape().equals(array.shape()) || result.dataType() != array.dataType()) {
                    throw new IllegalArgumentException(layer + "/" + name + " is a " + array.dataType() + " array of "
                            + "shape " + array.shape() + ", mapped to a " + result.dataType() + " array of shape "
                            + result.shape());
                }
                arrays.put(name, result);
            });
            mapped.put(layer, Collections.unmodifiableMap(arrays));
        });
        return new ModelWeights(Collections.unmodifiableMap(mapped));
    }

    /**
     * Checks that every array holds finite values.
     *
     * @param role how the message names an array ({@code "Weight"}, {@code "Gradient of"})
     * @throws IllegalArgumentException naming the first weight holding NaN or infinite values
     */
    public ModelWeights requireFinite(String role) {
        layers.forEach((layer, byName) -> byName.forEach((name, array) -> {
            if (array.firstNonFinite() >= 0) {
                throw new IllegalArgumentException(role + " " + layer + "/" + name + " holds NaN or infinite values");
            }
        }));
        return this;
    }

    /** The weights' names and shapes: {@code ModelWeights[dense/kernel (3, 1), dense/bias (1,)]}. */
    @Override
    public String toString() {
        List<String> entries = new ArrayList<>();
        layers.forEach((layer, byName) -> byName.forEach((name, array) ->
                entries.add(layer + "/" + name + " " + array.shape())));
        return "ModelWeights" + entries;
    }

    /** Collects the weights of one model by layer and name, checked against it by {@link #build()}. */
    public static final class Builder {
        private final LayerStack stack;
        private final String role;
        private final Map<String, NdArray> given = new LinkedHashMap<>();

        private Builder(LayerStack stack, String role) {
            this.stack = Objects.requireNonNull(stack, "stack");
            this.role = role;
        }

        /** Sets weight {@code weight} of layer {@code layer}; setting it again replaces it. */
        public Builder put(String layer, String weight, NdArray array) {
            given.put(layer + "/" + Objects.requireNonNull(weight, "weight"), array);
            return this;
        }

        /** Sets every weight of {@code weights} (of a model with the same layers, say). */
        public Builder putAll(ModelWeights weights) {
            weights.layers.forEach((layer, byName) -> byName.forEach((name, array) -> put(layer, name, array)));
            return this;
        }

        /**
         * The weights, in the model's order.
         *
         * @throws IllegalArgumentException naming the weights missing or extra, or a weight whose array is null,
         *                                  of another shape, or not float32
         */
        public ModelWeights build() {
            List<LayerStack.NamedWeight> expected = stack.weights();
            List<String> missing = new ArrayList<>();
            Map<String, Map<String, NdArray>> layers = new LinkedHashMap<>();
            for (LayerStack.NamedWeight weight : expected) {
                if (!given.containsKey(weight.name())) {
                    missing.add(weight.name());
                    continue;
                }
                NdArray array = given.get(weight.name());
                String name = role + " " + weight.name();
                Shape shape = weight.spec().shape();
                if (array == null) {
                    throw new IllegalArgumentException(name + " is null: give a float32 array of shape " + shape);
                }
                if (!array.shape().equals(shape)) {
                    throw new IllegalArgumentException(name + " has shape " + shape + ", got " + array.shape());
                }
                if (array.dataType() != DataType.FLOAT32) {
                    throw new IllegalArgumentException(name + " is float32, got " + array.dataType()
                            + " values: convert them to floats (NdArray.ofFloats)");
                }
                layers.computeIfAbsent(weight.layer(), l -> new LinkedHashMap<>()).put(weight.spec().name(), array);
            }
            List<String> extra = new ArrayList<>(given.keySet());
            expected.forEach(w -> extra.remove(w.name()));
            if (!missing.isEmpty() || !extra.isEmpty()) {
                throw new IllegalArgumentException("The weights do not match the model's: "
                        + (missing.isEmpty() ? "" : "missing " + missing) + (missing.isEmpty() || extra.isEmpty() ? "" : ", ")
                        + (extra.isEmpty() ? "" : "not in the model " + extra) + "; the model's weights are "
                        + expected.stream().map(LayerStack.NamedWeight::name).toList());
            }
            layers.replaceAll((layer, byName) -> Collections.unmodifiableMap(byName));
            return new ModelWeights(Collections.unmodifiableMap(layers));
        }
    }
}
