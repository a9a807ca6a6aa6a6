package dev.seqconv.api.spi;

import dev.seqconv.api.ops.GruRecurrence;
import dev.seqconv.api.ops.Tensor;
import java.util.List;

/**
 * An engine's fused GRU recurrence: the whole sequence of {@link GruRecurrence} forward in one call, and its
 * backward in another. For engines whose fixed cost per operation makes the unrolled recurrence (some 70
 * operations a time step) slow; engines without one leave {@link Kernels#gru()} empty and the GRU layer composes
 * the recurrence from the other kernels. Both forms are held to the same conformance tests.
 */
public interface GruKernel {

    /** Runs the recurrence forward; the run keeps what its backward needs. */
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
