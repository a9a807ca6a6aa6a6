package dev.seqconv.api.callbacks;

/**
 * Keras's {@code TerminateOnNaN}: stops training after a batch whose loss is NaN or infinite, instead of the
 * error seqconv raises by default. The history keeps the epoch up to that batch.
 */
public final class TerminateOnNaN implements Callback {

    private static final System.Logger LOG = System.getLogger(TerminateOnNaN.class.getName());

    private TrainingRun run;
    private boolean terminated;

    @Override
    public void onTrainBegin(TrainingRun run) {
        this.run = run;
        this.terminated = false;
    }

    @Override
    public void onTrainBatchEnd(int batch, Logs logs) {
        double loss = logs.get("loss");
        if (!Double.isFinite(loss)) {
            LOG.log(System.Logger.Level.WARNING, "Batch " + batch + ": invalid loss " + loss + ", terminating training");
            terminated = true;
            run.stopTraining();
        }
    }

    /** Whether it stopped the last run. */
    public boolean terminated() {
        return terminated;
    }
}
