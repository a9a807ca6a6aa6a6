package dev.seqconv.api.data;

import java.util.Iterator;

/**
 * Where training or evaluation batches come from: in-memory arrays ({@link ArrayBatchSource}) or a generator
 * such as the chapter's Jena {@code generator}, with Keras's {@code steps_per_epoch}.
 */
public interface BatchSource {

    /** The number of batches in one epoch. */
    int stepsPerEpoch();

    /** The batches of epoch {@code epoch} (0-based), exactly {@link #stepsPerEpoch()} of them. */
    Iterator<Batch> epoch(int epoch);

    /** This source cut to at most {@code steps} batches an epoch, as Keras's {@code steps_per_epoch}. */
    default BatchSource limit(int steps) {
        if (steps <= 0) {
            throw new IllegalArgumentException("steps must be > 0, got " + steps);
        }
        BatchSource all = this;
        int kept = Math.min(steps, stepsPerEpoch());
        return new BatchSource() {
            @Override
            public int stepsPerEpoch() {
                return kept;
            }

            @Override
            public Iterator<Batch> epoch(int epoch) {
                return all.epoch(epoch);
            }
        };
    }
}
