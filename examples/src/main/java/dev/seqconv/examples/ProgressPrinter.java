package dev.seqconv.examples;

import dev.seqconv.api.callbacks.Callback;
import dev.seqconv.api.callbacks.Logs;
import dev.seqconv.api.callbacks.TrainingRun;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Keras's progress display ({@code verbose=1}): {@code Epoch 3/10}, then
 * {@code 157/157 [==============================] - 7s 45ms/step - loss: 0.41 - acc: 0.82 - val_loss: ... }.
 * On a terminal the bar is redrawn as batches finish (at most ten times a second) with an ETA; elsewhere (logs,
 * CI) each epoch prints one line. Also keeps each epoch's duration.
 */
public final class ProgressPrinter implements Callback {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final List<Double> epochSeconds = new ArrayList<>();
    private TrainingRun run;
    private long epochStart;
    private long lastDraw;

    public ProgressPrinter(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** The wall-clock seconds of each finished epoch. */
    public List<Double> epochSeconds() {
        return List.copyOf(epochSeconds);
    }

    @Override
    public void onTrainBegin(TrainingRun run) {
        this.run = run;
    }

    @Override
    public void onEpochBegin(int epoch) {
        out.printf("Epoch %d/%d%n", epoch + 1, run.epochs());
        epochStart = System.nanoTime();
        lastDraw = 0;
    }

    @Override
    public void onTrainBatchEnd(int batch, Logs logs) {
        long now = System.nanoTime();
        if (!terminal || (now - lastDraw < 100_000_000L && batch + 1 < run.stepsPerEpoch())) {
            return;
        }
        lastDraw = now;
        double perStep = (now - epochStart) / 1e9 / (batch + 1);
        double eta = perStep * (run.stepsPerEpoch() - batch - 1);
        out.print("\r" + bar(batch + 1) + String.format(Locale.ROOT, " - ETA: %.0fs - ", eta) + logs);
        out.flush();
    }

    @Override
    public void onEpochEnd(int epoch, Logs logs) {
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        epochSeconds.add(seconds);
        String line = bar(run.stepsPerEpoch()) + String.format(Locale.ROOT, " - %.0fs %.0fms/step - ", seconds,
                1000 * seconds / run.stepsPerEpoch()) + logs;
        out.print(terminal ? "\r" + line + "\033[K\n" : line + "\n");
        out.flush();
    }

    private String bar(int done) {
        int steps = run.stepsPerEpoch();
        int filled = (int) ((long) WIDTH * done / steps);
        String body = done == steps ? "=".repeat(WIDTH)
                : "=".repeat(filled) + ">" + ".".repeat(Math.max(0, WIDTH - filled - 1));
        String count = Integer.toString(steps);
        return String.format(Locale.ROOT, "%" + count.length() + "d/%s [%s]", done, count, body);
    }
}
