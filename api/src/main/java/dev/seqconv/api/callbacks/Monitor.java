package dev.seqconv.api.callbacks;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A figure watched during training and which way is better, as Keras's {@code monitor} and {@code mode}: the
 * one rule {@link EarlyStopping}, {@link ModelCheckpoint} and any report of the best epoch share. In
 * {@link Mode#AUTO} a figure whose name contains {@code acc} or {@code auc} ({@code acc}, {@code val_acc},
 * {@code accuracy}) is maximised and any other (losses, errors such as {@code mae}) minimised.
 *
 * @param name the figure, e.g. {@code val_loss}
 * @param mode which way is better
 */
public record Monitor(String name, Mode mode) {

    /** Keras's {@code mode}. */
    public enum Mode {
        /** Decided by the name: higher is better for accuracy and AUC figures, lower for the rest. */
        AUTO,
        /** Lower is better. */
        MIN,
        /** Higher is better. */
        MAX
    }

    public Monitor {
        Objects.requireNonNull(name, "monitor");
        Objects.requireNonNull(mode, "mode");
    }

    /** {@code name} in {@link Mode#AUTO}. */
    public static Monitor of(String name) {
        return new Monitor(name, Mode.AUTO);
    }

    /** Whether a higher value is an improvement. */
    public boolean higherIsBetter() {
        return switch (mode) {
            case MAX -> true;
            case MIN -> false;
            case AUTO -> {
                String lower = name.toLowerCase(Locale.ROOT);
                yield lower.contains("acc") || lower.contains("auc");
            }
        };
    }

    /** The value every real one improves on: the starting "best". */
    public double worst() {
        return higherIsBetter() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    /** Whether {@code current} improves on {@code best} by more than {@code minDelta}. */
    public boolean improves(double current, double best, double minDelta) {
        return higherIsBetter() ? current - minDelta > best : current + minDelta < best;
    }

    /**
     * This figure in {@code logs}.
     *
     * @param watcher names the callback in the message, e.g. {@code EarlyStopping}
     * @throws IllegalStateException if the logs do not have it, listing those they have
     */
    public double value(Logs logs, String watcher) {
        if (!logs.contains(name)) {
            throw new IllegalStateException(watcher + " monitors '" + name + "' but the epoch logs only "
                    + logs.asMap().keySet() + "; give validation data or monitor another figure");
        }
        return logs.get(name);
    }

    /** The index of the best of {@code values} (the first, on ties), or -1 if there are none. */
    public int best(List<Double> values) {
        int best = values.isEmpty() ? -1 : 0;
        for (int i = 1; i < values.size(); i++) {
            if (improves(values.get(i), values.get(best), 0)) {
                best = i;
            }
        }
        return best;
    }
}
