package dev.seqconv.api.callbacks;

/** The training run a callback observes: its size, and a way to end it after the current epoch. */
public interface TrainingRun {

    int epochs();

    int stepsPerEpoch();

    /** Ends training at the end of the current epoch, as setting Keras's {@code model.stop_training}. */
    void stopTraining();
}
