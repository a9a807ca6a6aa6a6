package dev.seqconv.api.callbacks;

import java.nio.file.Path;

/**
 * Keras's {@code ModelCheckpoint}, writing seqconv checkpoints (weights, optimizer state, step count and epoch;
 * see {@link dev.seqconv.api.io.CheckpointFile}) at the end of epochs: every epoch (the last one wins), or only
 * when {@code monitor} improves ({@code saveBestOnly}; lower is better, higher for figures named {@code acc}).
 * Each write goes to a temporary file first, so an interrupted save never replaces a good checkpoint.
 */
public final class ModelCheckpoint implements Callback {

    private final Path file;
    private final String monitor;
    private final boolean saveBestOnly;
    private TrainingRun run;
    private double best;

    /**
     * @param file         where to write
     * @param monitor      the figure that decides "best", e.g. {@code val_loss}
     * @param saveBestOnly whether to write only when {@code monitor} improves
     */
    public ModelCheckpoint(Path file, String monitor, boolean saveBestOnly) {
        this.file = file;
        this.monitor = monitor;
        this.saveBestOnly = saveBestOnly;
    }

    /** A checkpoint after every epoch: the state to resume from. */
    public static ModelCheckpoint last(Path file) {
        return new ModelCheckpoint(file, "val_loss", false);
    }

    /** A checkpoint whenever {@code monitor} reaches its best value. */
    public static ModelCheckpoint best(Path file, String monitor) {
        return new ModelCheckpoint(file, monitor, true);
    }

    @Override
    public void onTrainBegin(TrainingRun run) {
        this.run = run;
        this.best = higherIsBetter() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    @Override
    public void onEpochEnd(int epoch, Logs logs) {
        if (saveBestOnly) {
            if (!logs.contains(monitor)) {
                throw new IllegalStateException("ModelCheckpoint monitors '" + monitor + "' but the epoch logs only "
                        + logs.asMap().keySet() + "; give validation data or monitor another figure");
            }
            double current = logs.get(monitor);
            if (!(higherIsBetter() ? current > best : current < best)) {
                return;
            }
            best = current;
        }
        run.saveCheckpoint(file, epoch);
    }

    private boolean higherIsBetter() {
        return monitor.contains("acc");
    }
}
