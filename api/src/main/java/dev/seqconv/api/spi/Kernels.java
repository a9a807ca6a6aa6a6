package dev.seqconv.api.spi;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.ops.Variable;
import java.util.List;
import java.util.Optional;

/**
 * The primitive operations an engine implements: the forward operations of {@link dev.seqconv.api.ops.Ops},
 * without gradients, plus the few backward kernels that cannot be composed from them. The api derives every
 * gradient from these, so both engines run the same differentiation rules.
 *
 * <p>Semantics follow TensorFlow's ops of the same name; each method states its contract. Binary
 * element-wise kernels broadcast as numpy does. Graph engines may see an {@link Shape#UNKNOWN} first
 * dimension and must resolve it at run time.
 */
public interface Kernels {

    // ---- sources

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

    Tensor maximum(Tensor a, Tensor b);

    Tensor minimum(Tensor a, Tensor b);

    /** 1 where {@code a > b}, else 0, as float32. */
    Tensor greater(Tensor a, Tensor b);

    /** 1 where {@code a >= b}, else 0, as float32. */
    Tensor greaterEqual(Tensor a, Tensor b);

    /** 1 where {@code a == b}, else 0, as float32. */
    Tensor equal(Tensor a, Tensor b);

    Tensor negate(Tensor x);

    Tensor square(Tensor x);

    Tensor sqrt(Tensor x);

    Tensor exp(Tensor x);

    Tensor log(Tensor x);

    Tensor abs(Tensor x);

    /** -1, 0 or 1 by the sign of each value. */
    Tensor sign(Tensor x);

    Tensor relu(Tensor x);

    Tensor sigmoid(Tensor x);

    Tensor tanh(Tensor x);

    // ---- reductions and broadcasting

    Tensor sum(Tensor x, boolean keepDims, int... axes);

    Tensor max(Tensor x, boolean keepDims, int... axes);

    /** The number of entries that a reduction over {@code axes} combines, as a float32 scalar. */
    Tensor count(Tensor x, int... axes);

    /** {@code x} broadcast to the shape of {@code like}. */
    Tensor broadcastLike(Tensor x, Tensor like);

    // ---- shape

    /** One dimension of {@code shape} may be {@link Shape#UNKNOWN}: it is inferred. */
    Tensor reshape(Tensor x, Shape shape);

    Tensor slice(Tensor x, int axis, int start, int length);

    Tensor pad(Tensor x, int axis, int before, int after, float value);

    Tensor concat(List<Tensor> xs, int axis);

    /** The slices along {@code axis} (whose size is known), each without that axis. */
    List<Tensor> unstack(Tensor x, int axis);

    /** Tensors of one shape joined along a new axis. */
    Tensor stack(List<Tensor> xs, int axis);

    // ---- linear algebra and layers

    Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB);

    /** {@code out[i..., :] = table[ids[i...], :]}. Callers guarantee {@code 0 <= ids < rows(table)}. */
    Tensor gather(Tensor table, Tensor ids);

    /** The gradient of {@link #gather} with respect to the table: {@code out[r, :] = Σ_{ids[i]=r} updates[i, :]}. */
    Tensor scatterAddRows(Tensor updates, Tensor ids, int rows);

    /** See {@link dev.seqconv.api.ops.Ops#conv1d}. */
    Tensor conv1d(Tensor x, Tensor kernel, int stride, int dilation);

    /**
     * The gradients of {@link #conv1d} given {@code dy = ∂L/∂y}: {@code [∂L/∂x, ∂L/∂kernel]}, each computed only
     * when asked for (else {@code null}).
     */
    List<Tensor> conv1dGradients(Tensor x, Tensor kernel, Tensor dy, int stride, int dilation,
                                 boolean wantInput, boolean wantKernel);

    /** See {@link dev.seqconv.api.ops.Ops#maxPool1d}. */
    Tensor maxPool1d(Tensor x, int poolSize, int stride);

    /** See {@link dev.seqconv.api.ops.Ops#avgPool1d}. */
    Tensor avgPool1d(Tensor x, int poolSize, int stride);

    /** The gradient of {@link #avgPool1d}: each window's {@code dy / poolSize} spread over its entries. */
    Tensor avgPool1dGradient(Tensor x, Tensor dy, int poolSize, int stride);

    /** The gradient of {@link #maxPool1d}: each window's {@code dy} goes to the first position of its maximum. */
    Tensor maxPool1dGradient(Tensor x, Tensor y, Tensor dy, int poolSize, int stride);

    // ---- fused kernels an engine may offer

    /** The engine's fused GRU recurrence, or empty: the GRU layer then composes it from the kernels above. */
    default Optional<GruKernel> gru() {
        return Optional.empty();
    }

    /** The engine's fused RMSprop update, or empty: the optimizer then composes it from the kernels above. */
    default Optional<RmspropKernel> rmsprop() {
        return Optional.empty();
    }
}
