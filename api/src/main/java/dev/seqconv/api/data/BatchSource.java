package dev.seqconv.api.data;

import dev.seqconv.api.checks.Checks;
import java.util.Iterator;
import java.util.function.IntFunction;

/**
 * Where training or evaluation batches come from: in-memory arrays ({@link ArrayBatchSource}) or a generator
 * such as the chapter's Jena {@code generator}, with Keras's {@code steps_per_epoch}.
 */
public interface BatchSource {

    /** The number of batches in one epoch. */
    int stepsPerEpoch();

    /** The batches of epoch {@code epoch} (0-based), exactly {@link #stepsPerEpoch()} of them. */
    Iterator<Batch> epoch(int epoch);

    /**
     * A source of {@code stepsPerEpoch} batches an epoch, epoch {@code e} being {@code epochs.apply(e)}: a
     * generator with Keras's {@code steps_per_epoch}.
     */
    static BatchSource of(int stepsPerEpoch, IntFunction<Iterator<Batch>> epochs) {
        return new FunctionBatchSource(stepsPerEpoch, epochs);
    }

    /** This source cut to at most {@code steps} batches an epoch, as Keras's {@code steps_per_epoch}. */
    default BatchSource limit(int steps) {
        return of(Math.min(Checks.positive("steps", steps), stepsPerEpoch()), this::epoch);
    }
}
