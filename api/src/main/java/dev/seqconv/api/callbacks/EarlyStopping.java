package dev.seqconv.api.callbacks;

import dev.seqconv.api.ndarray.NdArray;
import java.util.List;

/**
 * Keras's {@code EarlyStopping}: stops training when {@code monitor} has not improved by more than
 * {@code minDelta} for {@code patience} epochs. Improvement means lower, or higher for figures whose name
 * contains {@code acc} (Keras's {@code mode='auto'}; {@link Monitor} holds the rule and takes {@code min} and
 * {@code max} too). With {@code restoreBestWeights}, the weights of the best epoch are put back when it stops.
 * Like a Keras callback it keeps the state of the run it watches: use one instance per {@code fit}.
 */
public final class EarlyStopping implements Callback {

    private final Monitor monitor;
    private final double minDelta;
    private final int patience;
    private final boolean restoreBestWeights;

    private TrainingRun run;
    private double best;
    private int wait;
    private int stoppedEpoch;
    private int bestEpoch;
    private List<NdArray> bestWeights;

    /**
     * @param monitor            the figure to watch, e.g. {@code val_loss}
     * @param minDelta           the smallest change that counts as an improvement
     * @param patience           epochs without improvement before stopping
     * @param restoreBestWeights whether to restore the best epoch's weights on stopping
     */
    public EarlyStopping(String monitor, double minDelta, int patience, boolean restoreBestWeights) {
        this(Monitor.of(monitor), minDelta, patience, restoreBestWeights);
    }

    /**
     * @param monitor            the figure to watch and which way is better
     * @param minDelta           the smallest change that counts as an improvement
     * @param patience           epochs without improvement before stopping
     * @param restoreBestWeights whether to restore the best epoch's weights on stopping
     */
    public EarlyStopping(Monitor monitor, double minDelta, int patience, boolean restoreBestWeights) {
        if (minDelta < 0 || patience < 0) {
            throw new IllegalArgumentException("minDelta and patience must be >= 0, got " + minDelta + ", " + patience);
        }
        this.monitor = monitor;
        this.minDelta = minDelta;
        this.patience = patience;
        this.restoreBestWeights = restoreBestWeights;
    }

    /** Keras's defaults: watch {@code val_loss}, stop at the first epoch without improvement. */
    public EarlyStopping() {
        this("val_loss", 0, 0, false);
    }

    @Override
    public void onTrainBegin(TrainingRun run) {
        this.run = run;
        this.best = monitor.worst();
        this.wait = 0;
        this.stoppedEpoch = -1;
        this.bestEpoch = -1;
        this.bestWeights = null;
    }

    @Override
    public void onEpochEnd(int epoch, Logs logs) {
        double current = monitor.value(logs, "EarlyStopping");
        wait++;
        if (monitor.improves(current, best, minDelta)) {
            best = current;
            bestEpoch = epoch;
            wait = 0;
            if (restoreBestWeights) {
                bestWeights = run.weights();
            }
        }
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            run.stopTraining();
            if (restoreBestWeights && bestWeights != null) {
                run.setWeights(bestWeights);
            }
        }
    }

    /** The epoch training was stopped at in the last run, or -1. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** The best epoch of the last run, or -1. */
    public int bestEpoch() {
        return bestEpoch;
    }

}
