package dev.seqconv.api.losses;

import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;

/**
 * A training objective, as Keras's losses with their default reduction: the per-sample loss (a mean over the
 * last axis, or for the cross-entropies over classes a sum) averaged over the batch.
 */
public interface Loss {

    /** The name shown in logs, as Keras's: {@code binary_crossentropy}. */
    String name();

    /**
     * The scalar loss of a batch.
     *
     * @param yTrue targets, of the same shape as {@code yPred}; for a loss that {@linkplain #takesClassIds() takes
     *              class ids}, of that shape with a last dimension of 1
     * @param yPred the model's outputs
     */
    Tensor compute(Ops ops, Tensor yTrue, Tensor yPred);

    /**
     * Whether targets are class ids rather than arrays shaped like the outputs: one id per row of the last axis,
     * an integer in {@code [0, classes)} held as a float, {@code classes} being the outputs' last dimension. The
     * model checks the ids on the host before an engine sees them; {@link #compute} relies on that.
     */
    default boolean takesClassIds() {
        return false;
    }

    /**
     * Whether targets are meant to lie in {@code [0, 1]}: labels 0 and 1, or probabilities between. Keras does not
     * check this, and neither does seqconv: a target outside (7, −1) enters the formula as given, and the model
     * logs a warning the first time it sees one.
     */
    default boolean takesTargetsInUnitInterval() {
        return false;
    }
}
