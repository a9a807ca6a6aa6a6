package dev.seqconv.api.spi;

import dev.seqconv.api.ops.Primitives;
import dev.seqconv.api.ops.Tensor;
import java.util.List;
import java.util.Optional;

/**
 * What an engine implements: the {@linkplain Primitives primitives}, without gradients, plus the few kernels
 * that the gradient rules need and that cannot be composed from them. The api derives every gradient from these,
 * so both engines run the same differentiation rules. An engine may also offer fused kernels (capabilities) that
 * {@link dev.seqconv.api.autodiff.TapeOps} uses in place of a composition when they support its configuration.
 */
public interface Kernels extends Primitives {

    // ---- element-wise, for gradient rules

    /** 1 where {@code a >= b}, else 0, as float32. */
    Tensor greaterEqual(Tensor a, Tensor b);

    /** -1, 0 or 1 by the sign of each value. */
    Tensor sign(Tensor x);

    // ---- reductions and broadcasting, for gradient rules

    /** The number of entries that a reduction over {@code axes} combines, as a float32 scalar. */
    Tensor count(Tensor x, int... axes);

    /** {@code x} broadcast to the shape of {@code like}. */
    Tensor broadcastLike(Tensor x, Tensor like);

    // ---- backward kernels

    /** The gradient of {@link #gather} with respect to the table: {@code out[r, :] = Σ_{ids[i]=r} updates[i, :]}. */
    Tensor scatterAddRows(Tensor updates, Tensor ids, int rows);

    /**
     * The gradients of {@link #conv1d} given {@code dy = ∂L/∂y}: {@code [∂L/∂x, ∂L/∂kernel]}, each computed only
     * when asked for (else {@code null}).
     */
    List<Tensor> conv1dGradients(Tensor x, Tensor kernel, Tensor dy, int stride, int dilation,
                                 boolean wantInput, boolean wantKernel);

    /** The gradient of {@link #avgPool1d}: each window's {@code dy / poolSize} spread over its entries. */
    Tensor avgPool1dGradient(Tensor x, Tensor dy, int poolSize, int stride);

    /** The gradient of {@link #maxPool1d}: each window's {@code dy} goes to the first position of its maximum. */
    Tensor maxPool1dGradient(Tensor x, Tensor y, Tensor dy, int poolSize, int stride);

    // ---- capabilities: fused kernels an engine may offer

    /**
     * The engine's whole Conv1D layer, or empty: {@code TapeOps} then composes {@link dev.seqconv.api.ops.Ops#conv1dLayer}
     * from the primitives (as it does for activations the kernel does not support).
     */
    default Optional<Conv1dLayerKernel> conv1dLayer() {
        return Optional.empty();
    }

    /**
     * The engine's max pooling for recorded operations, which keeps the positions of the maxima for the backward,
     * or empty: {@code TapeOps} then runs {@link #maxPool1d} and {@link #maxPool1dGradient}.
     */
    default Optional<MaxPool1dKernel> maxPool1dKernel() {
        return Optional.empty();
    }

    /**
     * The engine's maximum over one axis for recorded operations, which counts the maxima's ties for the backward,
     * or empty: {@code TapeOps} then runs {@link #max} and composes the gradient from {@link #equal}, {@link #sum},
     * {@link #divide} and {@link #multiply}.
     */
    default Optional<MaxOverAxisKernel> maxOverAxisKernel() {
        return Optional.empty();
    }

    /**
     * The engine's fused GRU recurrence, or empty: {@code TapeOps} then composes {@link
     * dev.seqconv.api.ops.Ops#gru} from the primitives (as it does for configurations the kernel does not support).
     */
    default Optional<GruKernel> gru() {
        return Optional.empty();
    }

    /**
     * The engine's Conv1D layer for functions that compute no gradients, or empty: {@code TapeOps} then runs {@link
     * #conv1dLayer()} or the composed form there too.
     */
    default Optional<Conv1dInferenceKernel> conv1dInference() {
        return Optional.empty();
    }

    /**
     * The engine's max pooling for functions that compute no gradients, or empty: {@code TapeOps} then runs {@link
     * #maxPool1d} there too.
     */
    default Optional<MaxPool1dInferenceKernel> maxPool1dInference() {
        return Optional.empty();
    }

    /**
     * The engine's GRU recurrence for functions that compute no gradients, or empty: {@code TapeOps} then runs {@link
     * #gru()} or the composed form there too.
     */
    default Optional<GruInferenceKernel> gruInference() {
        return Optional.empty();
    }

    /**
     * The engine's LSTM recurrence for functions that compute no gradients, or empty: {@code TapeOps} then composes
     * {@link dev.seqconv.api.ops.Ops#lstm} from the primitives there too.
     */
    default Optional<LstmInferenceKernel> lstmInference() {
        return Optional.empty();
    }

    /**
     * The engine's loop over time for functions that compute no gradients, or empty: {@code TapeOps} then unrolls
     * {@link dev.seqconv.api.ops.Ops#loop} step by step (as it always does where it records gradients).
     */
    default Optional<LoopKernel> loop() {
        return Optional.empty();
    }

    /**
     * The engine's fused RMSprop update, or empty: {@code TapeOps} then composes {@link
     * dev.seqconv.api.ops.Ops#rmsprop} from the primitives.
     */
    default Optional<RmspropKernel> rmsprop() {
        return Optional.empty();
    }
}
