package dev.seqconv.api.callbacks;

import dev.seqconv.api.io.NonFiniteValuesException;
import java.nio.file.Path;

/**
 * Keras's {@code ModelCheckpoint}, writing seqconv checkpoints (weights, optimizer state, step count and epoch;
 * see {@link dev.seqconv.api.io.CheckpointFile}) at the end of epochs: every epoch (the last one wins), or only
 * when {@code monitor} improves ({@code saveBestOnly}; lower is better, higher for figures named {@code acc}:
 * see {@link Monitor}).
 * Each write goes to a temporary file first, so an interrupted save never replaces a good checkpoint; an epoch
 * that leaves NaN or infinite weights or optimizer state (training diverged, e.g. ended by {@link TerminateOnNaN})
 * is not written, with a logged warning, so the last good checkpoint stays in place.
 */
public final class ModelCheckpoint implements Callback {

    private static final System.Logger LOG = System.getLogger(ModelCheckpoint.class.getName());

    private final Path file;
    private final Monitor monitor;
    private final boolean saveBestOnly;
    private TrainingRun run;
    private double best;

    /**
     * @param file         where to write
     * @param monitor      the figure that decides "best", e.g. {@code val_loss}
     * @param saveBestOnly whether to write only when {@code monitor} improves
     */
    public ModelCheckpoint(Path file, String monitor, boolean saveBestOnly) {
        this(file, Monitor.of(monitor), saveBestOnly);
    }

    /**
     * @param file         where to write
     * @param monitor      the figure that decides "best", and which way is better
     * @param saveBestOnly whether to write only when {@code monitor} improves
     */
    public ModelCheckpoint(Path file, Monitor monitor, boolean saveBestOnly) {
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
        this.best = monitor.worst();
    }

    @Override
    public void onEpochEnd(int epoch, Logs logs) {
        if (saveBestOnly) {
            double current = monitor.value(logs, "ModelCheckpoint");
            if (!monitor.improves(current, best, 0) || !save(epoch)) {
                return;
            }
            best = current;
        } else {
            save(epoch);
        }
    }

    /** Writes the checkpoint unless the model's state is not finite; whether it wrote. */
    private boolean save(int epoch) {
        try {
            run.saveCheckpoint(file, epoch);
            return true;
        } catch (NonFiniteValuesException e) {
            LOG.log(System.Logger.Level.WARNING, "Epoch " + (epoch + 1) + ": checkpoint skipped: " + e.getMessage());
            return false;
        }
    }
}
