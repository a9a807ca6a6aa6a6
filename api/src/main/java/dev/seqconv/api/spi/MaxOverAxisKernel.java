package dev.seqconv.api.spi;

import dev.seqconv.api.ops.Tensor;

/**
 * An engine's maximum over one axis for a recorded (trained) {@link dev.seqconv.api.ops.Primitives#max} (as {@code
 * GlobalMaxPooling1D} reduces time), a capability it may offer through {@link Kernels#maxOverAxisKernel()}: the
 * forward counts each maximum's ties while it finds it, so that the backward writes the gradient in one pass. With
 * {@code x} seen as {@code (outer, length, inner)} around the axis:
 * <pre>
 * y[o, i]     = max_j x[o, j, i]
 * n[o, i]     = #{j : x[o, j, i] = y[o, i]}
 * ∂x[o, j, i] = ∂y[o, i] / n[o, i]   where x[o, j, i] = y[o, i], else 0
 * </pre>
 * the rule that {@code TapeOps} composes from {@code equal}, {@code sum}, {@code divide} and {@code multiply} on
 * engines without it (TensorFlow's: tied maxima share the gradient equally); both forms are held to the same tests.
 */
public interface MaxOverAxisKernel {

    /** The maximum of {@code x} over {@code axis} (normalized), the axis kept as size 1 where {@code keepDims}. */
    Run forward(Tensor x, int axis, boolean keepDims);

    /** One forward run. */
    interface Run {

        /** {@code y}: {@code x}'s shape without {@code axis} (or with it as 1). */
        Tensor output();

        /** {@code ∂L/∂x} given {@code ∂L/∂y}. */
        Tensor backward(Tensor dOutput);
    }
}
