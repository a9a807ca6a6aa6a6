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
}
