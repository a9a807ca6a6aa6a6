package dev.seqconv.api.spi;

import dev.seqconv.api.ops.Conv1dLayer;
import dev.seqconv.api.ops.Tensor;
import java.util.List;

/**
 * An engine's whole Conv1D layer, a capability it may offer through {@link Kernels#conv1dLayer()}: the
 * convolution, bias and activation of a {@link Conv1dLayer} forward in one call, and the gradients of its input,
 * kernel and bias in another. For engines whose fixed cost per operation makes the composed layer (a convolution,
 * a broadcast add, the activation, and four more operations backward) slow. {@code TapeOps} runs it for the
 * layers it {@linkplain #supports supports} and composes the others; both forms are held to the same tests.
 */
public interface Conv1dLayerKernel {

    /** Whether this kernel computes {@code layer}'s configuration (its activation). */
    boolean supports(Conv1dLayer layer);

    /** Runs a {@linkplain #supports supported} layer forward; the run keeps what its backward needs. */
    Run forward(Conv1dLayer layer);

    /** One forward run. */
    interface Run {

        /** {@code y (batch, time', filters)}. */
        Tensor output();

        /**
         * Given {@code ∂L/∂y}, the gradients of the layer's {@linkplain Conv1dLayer#differentiable() differentiable
         * operands}, in that order; {@code null} where {@code needed} is false.
         */
        List<Tensor> backward(Tensor dOutput, boolean[] needed);
    }
}
