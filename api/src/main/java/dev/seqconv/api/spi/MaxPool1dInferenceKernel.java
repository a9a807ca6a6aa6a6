package dev.seqconv.api.spi;

import dev.seqconv.api.ops.Tensor;

/**
 * An engine's max pooling for functions that compute no gradients (prediction, evaluation), a capability it may
 * offer through {@link Kernels#maxPool1dInference()}: {@link Kernels#maxPool1d}'s result,
 * <pre>y[b, t, c] = max_{i &lt; p} x[b, t·s + i, c]</pre>
 * for engines whose own pooling has a fixed cost per call (a hand-off to a thread pool) larger than a small input's
 * pooling. {@code TapeOps} runs it where nothing is recorded; the conformance kit holds it to the same reference.
 */
public interface MaxPool1dInferenceKernel {

    /** Pools {@code x (batch, time, channels)} with a pool of {@code poolSize} and stride {@code stride}. */
    Tensor maxPool1d(Tensor x, int poolSize, int stride);
}
