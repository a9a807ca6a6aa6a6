package dev.seqconv.api.spi;

import dev.seqconv.api.layers.Layer;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import java.util.Map;
import java.util.Objects;

/**
 * One layer of a model as an engine's {@linkplain InferencePlan inference plan} sees it: its configuration, the
 * shapes it takes and gives (batch axis unknown) and its current weights by name ({@code kernel}, {@code bias},
 * {@code embeddings}).
 *
 * @param layer       the layer's configuration
 * @param inputShape  what it receives, batch included
 * @param outputShape what it gives, batch included
 * @param weights     its weights' values by name (unmodifiable copy of the map; the arrays are not copied)
 */
public record PlannedLayer(Layer layer, Shape inputShape, Shape outputShape, Map<String, NdArray> weights) {

    public PlannedLayer {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(inputShape, "inputShape");
        Objects.requireNonNull(outputShape, "outputShape");
        weights = Map.copyOf(weights);
    }

    /** The weight named {@code name}. */
    public NdArray weight(String name) {
        NdArray value = weights.get(name);
        if (value == null) {
            throw new IllegalArgumentException(layer.typeName() + " has no weight '" + name + "'; it has "
                    + weights.keySet());
        }
        return value;
    }
}
