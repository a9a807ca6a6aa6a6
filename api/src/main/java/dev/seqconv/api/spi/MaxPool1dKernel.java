package dev.seqconv.api.spi;

import dev.seqconv.api.ops.Tensor;

/**
 * An engine's max pooling for a recorded (trained) {@link dev.seqconv.api.ops.Primitives#maxPool1d}, a capability it
 * may offer through {@link Kernels#maxPool1dKernel()}: the forward keeps where each window's maximum was, so that
 * the backward routes the gradients without searching the windows again. With a pool of {@code p} and stride
 * {@code s} (valid padding):
 * <pre>
 * y[b, t, c]           = max_{i &lt; p} x[b, t·s + i, c]
 * ∂x[b, t·s + i*, c]  += ∂y[b, t, c],   i* = the first i with x[b, t·s + i, c] = y[b, t, c]
 * </pre>
 * the same rule as {@link Kernels#maxPool1dGradient}, to which {@code TapeOps} falls back on engines without it;
 * both forms are held to the same tests, ties included.
 */
public interface MaxPool1dKernel {

    /** Pools {@code x (batch, time, channels)}; the run keeps what its backward needs. */
    Run forward(Tensor x, int poolSize, int stride);

    /** One forward run. */
    interface Run {

        /** {@code y (batch, ⌊(time − poolSize) / stride⌋ + 1, channels)}. */
        Tensor output();

        /** {@code ∂L/∂x} given {@code ∂L/∂y}. */
        Tensor backward(Tensor dOutput);
    }
}
