package dev.seqconv.api.ops;

import java.util.Optional;

/**
 * The tensor operations that layers, losses and optimizers are written with, as Keras 3 layers are written
 * with {@code keras.ops}: the {@linkplain Primitives primitives} (declared there once, for engines too) and the
 * operations below, composed of them. Every operation is differentiable where its math is; the gradient rules
 * live in one place ({@link dev.seqconv.api.autodiff.TapeOps}) and run on whichever engine executes them.
 */
public interface Ops extends Primitives {

    // ---- reductions

    /** Mean over {@code axes}. */
    Tensor mean(Tensor x, boolean keepDims, int... axes);

    /**
     * The states {@code (batch, time, units)} of a GRU's recurrence computed in one operation, differentiable
     * with respect to its inputs, kernel and bias, when the engine has it fused; else empty, and the caller
     * composes the recurrence from the other operations.
     */
    Optional<Tensor> fusedGru(GruRecurrence recurrence);

    /**
     * One RMSprop update computed in one operation, when the engine has it fused; else empty, and the optimizer
     * composes it from the other operations. Not differentiable.
     */
    Optional<RmspropStep.Result> fusedRmsprop(RmspropStep step);

    /** Zeros of {@code x}'s shape; not differentiable. */
    Tensor zerosLike(Tensor x);

    /**
     * The logits a probability tensor was computed from, when it is the direct result of {@link #sigmoid}:
     * what tf.keras 2.x's {@code binary_crossentropy} looks up (as {@code _keras_logits}) to compute the loss
     * from logits instead of clipped probabilities.
     */
    Optional<Tensor> logitsOf(Tensor probabilities);

    // ---- conveniences

    default Tensor add(Tensor a, float b) {
        return add(a, scalar(b));
    }

    default Tensor multiply(Tensor a, float b) {
        return multiply(a, scalar(b));
    }

    /** The mean of all entries, a scalar. */
    default Tensor mean(Tensor x) {
        int[] axes = new int[x.rank()];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i;
        }
        return mean(x, false, axes);
    }

    default Tensor matmul(Tensor a, Tensor b) {
        return matmul(a, b, false, false);
    }
}
