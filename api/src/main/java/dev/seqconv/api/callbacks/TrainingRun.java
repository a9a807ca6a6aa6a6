package dev.seqconv.api.callbacks;

import dev.seqconv.api.ndarray.NdArray;
import java.nio.file.Path;
import java.util.List;

/** The training run a callback observes: its size, the model's weights, and a way to end it. */
public interface TrainingRun {

    /** The epoch training ends at (exclusive). */
    int epochs();

    int stepsPerEpoch();

    /**
     * Ends training as setting Keras's {@code model.stop_training}: after the current batch when called from a
     * batch hook (the epoch is then closed: validation and {@code onEpochEnd} run), else after the current epoch.
     */
    void stopTraining();

    /** Copies of the model's current weights. */
    List<NdArray> weights();

    /** Replaces the model's weights (e.g. with the best ones seen). */
    void setWeights(List<NdArray> weights);

    /** Writes a checkpoint of the model after epoch {@code epoch} (weights, optimizer state, step count). */
    void saveCheckpoint(Path file, int epoch);
}
