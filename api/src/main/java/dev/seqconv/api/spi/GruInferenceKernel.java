package dev.seqconv.api.spi;

import dev.seqconv.api.ops.GruRecurrence;
import dev.seqconv.api.ops.Tensor;

/**
 * An engine's GRU recurrence for functions that compute no gradients (prediction, evaluation), a capability it may
 * offer through {@link Kernels#gruInference()}: the whole sequence of a {@link GruRecurrence} in one call, keeping
 * nothing for a backward. For engines that have no fused GRU with a backward ({@link GruKernel}) but whose fixed
 * cost per operation makes the composed recurrence slow. {@code TapeOps} runs it where nothing is recorded and it
 * {@linkplain #supports supports} the recurrence; the conformance kit holds it to the same reference as the composed
 * form.
 */
public interface GruInferenceKernel {

    /** Whether this kernel computes {@code recurrence}'s configuration (activations, reset placement, masks). */
    boolean supports(GruRecurrence recurrence);

    /**
     * A {@linkplain #supports supported} recurrence's result: every step's state {@code (batch, time, units)}, or
     * the last {@code (batch, units)}, as its {@code returnSequences} asks.
     */
    Tensor output(GruRecurrence recurrence);
}
