package dev.seqconv.api.initializers;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.random.SeededRandom;

/**
 * Uniform in {@code [min, max)}: Keras's {@code RandomUniform}, by default {@code [-0.05, 0.05)} as for
 * {@code Embedding}.
 */
public record RandomUniform(double min, double max) implements Initializer {

    public RandomUniform {
        if (!(min < max)) {
            throw new IllegalArgumentException("RandomUniform needs min < max, got [" + min + ", " + max + ")");
        }
    }

    /** Keras's default range, {@code [-0.05, 0.05)}. */
    public RandomUniform() {
        this(-0.05, 0.05);
    }

    @Override
    public NdArray initialize(Shape shape, SeededRandom random) {
        return Initializer.uniform(shape, min, max, random);
    }
}
