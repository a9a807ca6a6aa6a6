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

    // ---- what layers and optimizers compute, however the engine runs it

    /**
     * A Conv1D layer on its padded input: convolution, bias and activation ({@link Conv1dLayer}), differentiable with
     * respect to the input, kernel and bias. It runs as the engine's whole-layer kernel where the engine offers one
     * that supports the activation, else composed of {@link #conv1d}, {@link #add} and the activation; both give the
     * same results.
     */
    Tensor conv1dLayer(Conv1dLayer layer);

    /**
     * A GRU's recurrence over the sequence: every step's state {@code (batch, time, units)}, or the last one
     * ({@link GruRecurrence#returnSequences()}), differentiable with respect to the inputs, recurrent kernel and
     * bias. It runs as the engine's fused kernel where the engine offers one that supports the configuration, else
     * composed of the primitives step by step; both give the same results.
     */
    Tensor gru(GruRecurrence recurrence);

    /**
     * An LSTM's recurrence over the sequence: every step's state {@code h} {@code (batch, time, units)}, or the last
     * one ({@link LstmRecurrence#returnSequences()}), differentiable with respect to the inputs and the recurrent
     * kernel. Composed of the primitives step by step ({@link #loop}); in functions that compute no gradients it runs
     * as the engine's inference kernel where the engine offers one that supports the configuration. Both give the
     * same results.
     */
    Tensor lstm(LstmRecurrence recurrence);

    /**
     * A recurrence over the time axis ({@link SequenceLoop}): the recurrent layers' steps. Where gradients are
     * recorded, and on engines without a loop, it is unrolled into one set of operations a time step; in functions
     * that compute no gradients it runs as the engine's loop where the engine offers one (TensorFlow's while loop,
     * whose graph does not grow with the steps). Both give the same results.
     */
    Tensor loop(SequenceLoop loop);

    /**
     * One RMSprop update of a weight and its mean square: the engine's fused kernel where it offers one, else
     * composed of the primitives in the same order. Not differentiable.
     */
    RmspropStep.Result rmsprop(RmspropStep step);

    // ---- helpers

    /** Zeros of {@code x}'s shape; not differentiable. */
    Tensor zerosLike(Tensor x);

    /**
     * The logits a probability tensor was computed from, when it is the direct result of {@code activation}
     * ({@link Activation#SIGMOID}: {@link #sigmoid}; {@link Activation#SOFTMAX}: {@link #softmax}): what tf.keras
     * 2.x's cross-entropies look up (the op's input; Keras 3's {@code _keras_logits}) to compute the loss from
     * logits instead of clipped probabilities.
     */
    Optional<Tensor> logitsOf(Tensor probabilities, Activation activation);

    // ---- conveniences

    default Tensor add(Tensor a, float b) {
        return add(a, scalar(b));
    }

    default Tensor multiply(Tensor a, float b) {
        return multiply(a, scalar(b));
    }

    /**
     * {@code min(max(x, min), max)}, TensorFlow's {@code clip_by_value}: gradient 1 where {@code min <= x <= max},
     * 0 outside (the rules of {@link #maximum} and {@link #minimum}).
     */
    default Tensor clip(Tensor x, float min, float max) {
        return minimum(maximum(x, scalar(min)), scalar(max));
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
