package dev.seqconv.api.losses;

import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;

/**
 * A training objective, as Keras's losses with their default reduction: the per-sample loss (a mean over the
 * last axis) averaged over the batch.
 */
public interface Loss {

    /** The name shown in logs, as Keras's: {@code binary_crossentropy}. */
    String name();

    /**
     * The scalar loss of a batch.
     *
     * @param yTrue targets, of the same shape as {@code yPred}
     * @param yPred the model's outputs
     */
    Tensor compute(Ops ops, Tensor yTrue, Tensor yPred);

    /** Whether this loss expects {@code yPred} to be probabilities in {@code [0, 1]}. */
    default boolean expectsProbabilities() {
        return false;
    }
}
