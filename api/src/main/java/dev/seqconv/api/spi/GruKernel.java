package dev.seqconv.api.spi;

import dev.seqconv.api.ops.GruRecurrence;
import dev.seqconv.api.ops.Tensor;
import java.util.List;

/**
 * An engine's fused GRU recurrence, a capability it may offer through {@link Kernels#gru()}: the whole sequence
 * of a {@link GruRecurrence} forward in one call, and its backward in another. For engines whose fixed cost per
 * operation makes the unrolled recurrence (some 70 operations a time step) slow. {@code TapeOps} runs it for the
 * recurrences it {@linkplain #supports supports} and composes the others (and all of them on engines without one);
 * both forms are held to the same conformance tests.
 */
public interface GruKernel {

    /** Whether this kernel computes {@code recurrence}'s configuration (activations, reset placement). */
    boolean supports(GruRecurrence recurrence);

    /**
     * Runs a {@linkplain #supports supported} recurrence forward, ignoring {@link GruRecurrence#returnSequences()};
     * the run keeps what its backward needs.
     */
    Run forward(GruRecurrence recurrence);

    /** One forward run. */
    interface Run {

        /** Every step's state, {@code (batch, time, units)}. */
        Tensor states();

        /**
         * Given {@code ∂L/∂states}, the gradients of the recurrence's {@linkplain GruRecurrence#differentiable()
         * differentiable operands}, in that order.
         */
        List<Tensor> backward(Tensor dStates);
    }
}
