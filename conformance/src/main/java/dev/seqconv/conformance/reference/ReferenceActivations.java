package dev.seqconv.conformance.reference;

import dev.seqconv.api.ops.Activation;
import java.util.function.DoubleUnaryOperator;

/** Keras's element-wise gate activations in double precision. */
public final class ReferenceActivations {

    private ReferenceActivations() {
    }

    /** The double-precision form of an element-wise {@code activation}. */
    public static DoubleUnaryOperator of(Activation activation) {
        return switch (activation) {
            case SIGMOID -> v -> 1 / (1 + Math.exp(-v));
            case HARD_SIGMOID -> v -> Math.min(Math.max(v / 6 + 0.5, 0), 1);
            case HARD_SIGMOID_KERAS2 -> v -> Math.min(Math.max(0.2 * v + 0.5, 0), 1);
            case TANH -> Math::tanh;
            case RELU -> v -> Math.max(v, 0);
            case LINEAR -> v -> v;
            case SOFTMAX -> throw new IllegalArgumentException("softmax is not element-wise");
        };
    }
}
