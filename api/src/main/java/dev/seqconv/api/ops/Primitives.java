package dev.seqconv.api.ops;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import java.util.List;

/**
 * The primitive tensor operations, each declared once: what layers, losses and optimizers compute with
 * ({@link Ops}, which adds gradients) and what every engine implements ({@link dev.seqconv.api.spi.Kernels}, which
 * adds the backward kernels that cannot be composed). A new primitive is declared here, given its gradient rule in
 * {@link dev.seqconv.api.autodiff.TapeOps} and one method in each engine's kernels.
 *
 * <p>Semantics follow TensorFlow's ops of the same name. Binary element-wise operations broadcast as numpy does.
 * Shapes are {@code (batch, time, features)}; graph engines may see an {@link Shape#UNKNOWN} first dimension and
 * resolve it at run time. Gradient rules stated here are those {@code TapeOps} applies.
 */
public interface Primitives {

    // ---- sources

    /** A constant holding {@code value}. */
    Tensor constant(NdArray value);

    /** A float32 rank-0 constant. */
    Tensor scalar(float value);

    /** The value the variable has when the function starts; updates made by the function are not visible. */
    Tensor read(Variable variable);

    // ---- element-wise, broadcasting

    Tensor add(Tensor a, Tensor b);

    Tensor subtract(Tensor a, Tensor b);

    Tensor multiply(Tensor a, Tensor b);

    Tensor divide(Tensor a, Tensor b);

    /** {@code max(a, b)}; the gradient goes to {@code a} where {@code a >= b} (TensorFlow's rule). */
    Tensor maximum(Tensor a, Tensor b);

    /** {@code min(a, b)}; the gradient goes to {@code a} where {@code a <= b} (TensorFlow's rule). */
    Tensor minimum(Tensor a, Tensor b);

    /** 1 where {@code a > b}, else 0, as float32. Not differentiable. */
    Tensor greater(Tensor a, Tensor b);

    /** 1 where {@code a == b}, else 0, as float32. Not differentiable. */
    Tensor equal(Tensor a, Tensor b);

    Tensor negate(Tensor x);

    Tensor square(Tensor x);

    Tensor sqrt(Tensor x);

    Tensor exp(Tensor x);

    Tensor log(Tensor x);

    Tensor abs(Tensor x);

    /** {@code max(x, 0)}; gradient 1 where {@code x > 0}, else 0. */
    Tensor relu(Tensor x);

    /**
     * {@code 1 / (1 + e^-x)}. {@link Ops} remembers {@code x} as the logits of its result, see
     * {@link Ops#logitsOf}.
     */
    Tensor sigmoid(Tensor x);

    Tensor tanh(Tensor x);

    /**
     * Softmax over the last axis ({@link Ops} remembers {@code x} as the logits of its result, see
     * {@link Ops#logitsOf}), {@code y[..., i] = e^{x[..., i] − m} / Σ_j e^{x[..., j] − m}} with
     * {@code m = max_j x[..., j]}; gradient {@code ∂x = y ⊙ (g − Σ_j g[..., j] · y[..., j])} (TensorFlow's
     * {@code SoftmaxGrad}).
     */
    Tensor softmax(Tensor x);

    // ---- reductions

    /** Sum over {@code axes}. */
    Tensor sum(Tensor x, boolean keepDims, int... axes);

    /**
     * Maximum over {@code axes}. The gradient is shared equally among the entries equal to the maximum
     * (TensorFlow's rule for {@code reduce_max}).
     */
    Tensor max(Tensor x, boolean keepDims, int... axes);

    // ---- shape

    /** The same values under {@code shape}; one dimension may be {@link Shape#UNKNOWN}, inferred. */
    Tensor reshape(Tensor x, Shape shape);

    /** Entries {@code [start, start + length)} along {@code axis}. */
    Tensor slice(Tensor x, int axis, int start, int length);

    /** {@code before} and {@code after} entries of {@code value} added along {@code axis}. */
    Tensor pad(Tensor x, int axis, int before, int after, float value);

    /** Tensors joined along {@code axis}. */
    Tensor concat(List<Tensor> xs, int axis);

    /**
     * The slices of {@code x} along {@code axis} (whose size is known), each without that axis: the time steps of a
     * sequence.
     */
    List<Tensor> unstack(Tensor x, int axis);

    /** Tensors of one shape joined along a new axis {@code axis}: the inverse of {@link #unstack}. */
    Tensor stack(List<Tensor> xs, int axis);

    // ---- linear algebra and layers' kernels

    /** Matrix product of two rank-2 tensors, each optionally transposed first. */
    Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB);

    /**
     * Rows of {@code table} {@code (rows, features)} picked by int32 {@code ids}: shape {@code ids.shape + (features,)},
     * {@code out[i..., :] = table[ids[i...], :]}. Callers guarantee {@code 0 <= ids < rows}.
     */
    Tensor gather(Tensor table, Tensor ids);

    /**
     * One-dimensional cross-correlation without padding, as Keras's {@code Conv1D(padding="valid")}:
     * <pre>y[b, t, f] = Σ_k Σ_c x[b, t·stride + k·dilation, c] · kernel[k, c, f]</pre>
     * for {@code x (batch, time, channels)} and {@code kernel (size, channels, filters)}.
     */
    Tensor conv1d(Tensor x, Tensor kernel, int stride, int dilation);

    /**
     * Max pooling over time without padding: {@code y[b, t, c] = max_{i < pool} x[b, t·stride + i, c]}.
     * The gradient goes to the first maximum of each window (TensorFlow's {@code MaxPoolGrad}).
     */
    Tensor maxPool1d(Tensor x, int poolSize, int stride);

    /** Average pooling over time without padding: {@code y[b, t, c] = mean_{i < pool} x[b, t·stride + i, c]}. */
    Tensor avgPool1d(Tensor x, int poolSize, int stride);
}
