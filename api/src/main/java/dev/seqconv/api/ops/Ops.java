package dev.seqconv.api.ops;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import java.util.List;
import java.util.Optional;

/**
 * The tensor operations that layers, losses and optimizers are written with, as Keras 3 layers are written
 * with {@code keras.ops}. Every operation is differentiable where its math is; the gradient rules live in one
 * place ({@link dev.seqconv.api.autodiff.TapeOps}) and run on whichever engine executes them.
 *
 * <p>Binary element-wise operations broadcast as numpy does. Shapes are {@code (batch, time, features)}.
 */
public interface Ops {

    // ---- sources

    /** A constant holding {@code value}. */
    Tensor constant(NdArray value);

    /** A float32 scalar constant. */
    Tensor scalar(float value);

    /** The current value of a variable. */
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

    /** {@code 1 / (1 + e^-x)}. Remembers {@code x} as the logits of its result, see {@link #logitsOf}. */
    Tensor sigmoid(Tensor x);

    Tensor tanh(Tensor x);

    // ---- reductions

    /** Sum over {@code axes}. */
    Tensor sum(Tensor x, boolean keepDims, int... axes);

    /**
     * Maximum over {@code axes}. The gradient is shared equally among the entries equal to the maximum
     * (TensorFlow's rule for {@code reduce_max}).
     */
    Tensor max(Tensor x, boolean keepDims, int... axes);

    /** Mean over {@code axes}. */
    Tensor mean(Tensor x, boolean keepDims, int... axes);

    // ---- shape

    /** The same values under {@code shape}; one dimension may be {@link Shape#UNKNOWN}, inferred. */
    Tensor reshape(Tensor x, Shape shape);

    /** Entries {@code [start, start + length)} along {@code axis}. */
    Tensor slice(Tensor x, int axis, int start, int length);

    /** {@code before} and {@code after} entries of {@code value} added along {@code axis}. */
    Tensor pad(Tensor x, int axis, int before, int after, float value);

    /** Tensors joined along {@code axis}. */
    Tensor concat(List<Tensor> xs, int axis);

    /** The slices of {@code x} along {@code axis}, each without that axis: the time steps of a sequence. */
    List<Tensor> unstack(Tensor x, int axis);

    /** Tensors of one shape joined along a new axis {@code axis}: the inverse of {@link #unstack}. */
    Tensor stack(List<Tensor> xs, int axis);

    // ---- linear algebra and layers' kernels

    /** Matrix product of two rank-2 tensors, each optionally transposed first. */
    Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB);

    /** Rows of {@code table} {@code (rows, features)} picked by int32 {@code ids}: shape {@code ids.shape + (features,)}. */
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
