package dev.seqconv.api.initializers;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.random.SeededRandom;

/** How a weight gets its first value, as Keras's initializers. Draws only from the given generator. */
@FunctionalInterface
public interface Initializer {

    NdArray initialize(Shape shape, SeededRandom random);

    /** An array of the given shape with values drawn uniformly from {@code [min, max)}. */
    static NdArray uniform(Shape shape, double min, double max, SeededRandom random) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.uniform(min, max);
        }
        return NdArray.wrapFloats(shape, values);
    }
}
