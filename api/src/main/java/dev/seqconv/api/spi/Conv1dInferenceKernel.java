package dev.seqconv.api.spi;

import dev.seqconv.api.ops.Conv1dLayer;
import dev.seqconv.api.ops.Tensor;

/**
 * An engine's Conv1D layer for functions that compute no gradients (prediction, evaluation), a capability it may
 * offer through {@link Kernels#conv1dInference()}: a {@link Conv1dLayer}'s convolution, bias and activation in one
 * call, keeping nothing for a backward. For engines whose own convolution has a fixed cost per call (a hand-off to a
 * thread pool, a primitive looked up) larger than a small input's convolution. {@code TapeOps} runs it where nothing
 * is recorded and it {@linkplain #supports supports} the layer; the conformance kit holds it to the same reference as
 * the composed form.
 */
public interface Conv1dInferenceKernel {

    /** Whether this kernel computes {@code layer}'s configuration (stride, dilation, activation, static shapes). */
    boolean supports(Conv1dLayer layer);

    /** {@code y (batch, time', filters)} of a {@linkplain #supports supported} layer. */
    Tensor output(Conv1dLayer layer);
}
