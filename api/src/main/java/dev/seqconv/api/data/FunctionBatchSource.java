package dev.seqconv.api.data;

import java.util.Iterator;
import java.util.function.IntFunction;

/** {@link BatchSource#of}: a batch source whose epochs a function gives. */
record FunctionBatchSource(int stepsPerEpoch, IntFunction<Iterator<Batch>> epochs) implements BatchSource {

    @Override
    public Iterator<Batch> epoch(int epoch) {
        return epochs.apply(epoch);
    }
}
