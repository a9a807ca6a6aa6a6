package dev.seqconv.api.initializers;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.random.SeededRandom;

/** All zeros: Keras's default for biases. */
public record Zeros() implements Initializer {

    @Override
    public NdArray initialize(Shape shape, SeededRandom random) {
        return NdArray.zeros(shape);
    }
}
