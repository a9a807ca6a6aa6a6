package dev.seqconv.api.layers;

import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A layer's weights during a {@link Layer#call}, addressed by the names its {@link LayerBuild} declared them
 * with ({@link WeightSpec#KERNEL}, {@link WeightSpec#BIAS}, ...), so that a layer never counts positions.
 */
public final class Weights {

    private static final Weights NONE = new Weights(Map.of());

    private final Map<String, Tensor> byName;

    private Weights(Map<String, Tensor> byName) {
        this.byName = byName;
    }

    /**
     * The weights {@code values}, declared by {@code specs} in the same order.
     *
     * @throws IllegalArgumentException if the counts differ or two specs share a name
     */
    public static Weights of(List<WeightSpec> specs, List<Tensor> values) {
        if (specs.size() != values.size()) {
            throw new IllegalArgumentException("A layer declared " + specs.size() + " weights but got "
                    + values.size());
        }
        if (specs.isEmpty()) {
            return NONE;
        }
        Map<String, Tensor> byName = new LinkedHashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            if (byName.put(specs.get(i).name(), values.get(i)) != null) {
                throw new IllegalArgumentException("A layer declared two weights named '" + specs.get(i).name() + "'");
            }
        }
        return new Weights(byName);
    }

    /** No weights, for layers that declare none. */
    public static Weights none() {
        return NONE;
    }

    /**
     * The weight named {@code name}.
     *
     * @throws IllegalStateException if the layer declared no such weight
     */
    public Tensor get(String name) {
        Tensor weight = byName.get(name);
        if (weight == null) {
            throw new IllegalStateException("No weight named '" + name + "'; this layer has " + byName.keySet());
        }
        return weight;
    }

    /** The weight named {@code name}, if the layer declared it (e.g. {@code bias} only with {@code useBias}). */
    public Optional<Tensor> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The weights named {@code prefix/<name>}, by {@code <name>}: those of a layer wrapped in another, such as
     * {@link Bidirectional}'s {@code forward_layer/kernel}.
     */
    Weights under(String prefix) {
        String start = prefix + "/";
        Map<String, Tensor> inner = new LinkedHashMap<>();
        byName.forEach((name, weight) -> {
            if (name.startsWith(start)) {
                inner.put(name.substring(start.length()), weight);
            }
        });
        return new Weights(inner);
    }

    /** {@code y + bias}, or {@code y} for a layer without bias. */
    Tensor addBias(Ops ops, Tensor y) {
        Optional<Tensor> bias = find(WeightSpec.BIAS);
        return bias.isPresent() ? ops.add(y, bias.get()) : y;
    }
}
