package dev.seqconv.api.callbacks;

/**
 * Hooks into training, with Keras's callback events. Epochs and batches are numbered from 0. All methods do
 * nothing by default.
 */
public interface Callback {

    /** Training starts; {@code run} tells its size and can stop it. */
    default void onTrainBegin(TrainingRun run) {
    }

    /** Training ended, normally or stopped. */
    default void onTrainEnd(Logs lastEpoch) {
    }

    default void onEpochBegin(int epoch) {
    }

    /** An epoch ended; {@code logs} holds its training figures and, if validating, its {@code val_} figures. */
    default void onEpochEnd(int epoch, Logs logs) {
    }

    default void onTrainBatchBegin(int batch) {
    }

    /** A training batch ended; {@code logs} holds the running averages of the epoch so far, as Keras's. */
    default void onTrainBatchEnd(int batch, Logs logs) {
    }
}
