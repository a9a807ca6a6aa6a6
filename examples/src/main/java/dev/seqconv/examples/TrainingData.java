package dev.seqconv.examples;

import dev.seqconv.api.callbacks.History;
import dev.seqconv.api.callbacks.Logs;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.training.FitConfig;

/** A chapter model's data, ready to train and evaluate on. */
public interface TrainingData {

    /** Where the data came from, in words; a synthetic source says so. */
    String description();

    /**
     * Trains in batches of {@code batchSize} with the validation data of this source (validated in batches of that
     * size too); {@code settings} holds epochs, callbacks and limits.
     */
    History fit(Sequential model, int batchSize, FitConfig.Builder settings);

    /** The test figures, on at most {@code maxSteps} batches (0: all). */
    Logs evaluate(Sequential model, int batchSize, int maxSteps);
}
