package dev.seqconv.api.layers;

import dev.seqconv.api.initializers.Initializer;
import dev.seqconv.api.ndarray.Shape;

/**
 * A weight a layer needs.
 *
 * @param name        its name within the layer, as Keras names it: {@code kernel}, {@code bias}, {@code embeddings}
 * @param shape       its fully known shape
 * @param initializer how it gets its first value
 */
public record WeightSpec(String name, Shape shape, Initializer initializer) {
}
