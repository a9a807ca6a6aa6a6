package dev.seqconv.api.initializers;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.random.SeededRandom;
import java.util.Arrays;

/** All ones: Keras's default for BatchNormalization's {@code gamma} and {@code moving_variance}. */
public record Ones() implements Initializer {

    @Override
    public NdArray initialize(Shape shape, SeededRandom random) {
        float[] values = new float[Math.toIntExact(shape.size())];
        Arrays.fill(values, 1f);
        return NdArray.wrapFloats(shape, values);
    }
}
