package dev.seqconv.api.spi;

import dev.seqconv.api.ops.LstmRecurrence;
import dev.seqconv.api.ops.Tensor;

/**
 * An engine's LSTM recurrence for functions that compute no gradients (prediction, evaluation), a capability it may
 * offer through {@link Kernels#lstmInference()}: the whole sequence of an {@link LstmRecurrence} in one call.
 * {@code TapeOps} runs it where nothing is recorded and it {@linkplain #supports supports} the recurrence, else the
 * composed form; the conformance kit holds both to the same reference.
 */
public interface LstmInferenceKernel {

    /** Whether this kernel computes {@code recurrence}'s configuration (activations, masks). */
    boolean supports(LstmRecurrence recurrence);

    /**
     * A {@linkplain #supports supported} recurrence's result: every step's state {@code h} {@code (batch, time,
     * units)}, or the last {@code (batch, units)}, as its {@code returnSequences} asks.
     */
    Tensor output(LstmRecurrence recurrence);
}
