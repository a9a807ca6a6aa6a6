package dev.seqconv.benchmarks;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.GRU;
import dev.seqconv.api.layers.LSTM;
import dev.seqconv.api.layers.Layer;
import dev.seqconv.api.losses.MeanSquaredError;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.training.FitConfig;
import java.io.IOException;
import java.util.Locale;

/**
 * Long sequences on one backend, in a fresh JVM per run so that the peak resident size is this run's.
 *
 * <p>{@code --mode train} (default), issue 25's case: {@code Input.floats(T, 4) → GRU(8) → Dense(1)}, batch 2,
 * RMSprop, MSE. Prints the seconds to compile, to the first training step (tracing and preparing the training
 * graph on TensorFlow), of the second step and of the first prediction, and the peak resident size; or the
 * refusal, if the backend refuses.
 *
 * <p>{@code --mode predict}: {@code Input.floats(T, features) → LSTM|GRU(units) → Dense(1)}, prediction only, on
 * one batch. Prints the seconds to compile, the milliseconds of the first prediction (tracing and preparing the
 * prediction graph on TensorFlow) and of the second, the resident size before the predictions (the JVM, the engine
 * and the compiled model) and its peak while they ran: what the prediction itself takes is the difference.
 *
 * <p>Arguments: {@code --backend nd4j|tensorflow --steps T [--mode train|predict] [--layer gru|lstm]
 * [--units 32] [--features 8] [--batch 32]} (layer, units, features and batch for predict).
 */
public final class LongSequenceBenchmark {

    private LongSequenceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        String backend = options.required("backend");
        int steps = options.integer("steps", 1_000);
        if (options.text("mode", "train").equals("predict")) {
            predict(backend, steps, options);
            return;
        }
        SeededRandom random = new SeededRandom(25);
        float[] values = new float[2 * steps * 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        NdArray x = NdArray.wrapFloats(Shape.of(2, steps, 4), values);
        NdArray y = NdArray.ofFloats(Shape.of(2, 1), 0.5f, -0.5f);
        FitConfig oneStep = FitConfig.builder().epochs(1).batchSize(2).shuffle(false).build();
        try (Sequential model = Sequential.builder().input(Input.floats(steps, 4)).add(GRU.of(8)).add(Dense.of(1))
                .seed(1).build()) {
            long t0 = System.nanoTime();
            model.compile(Backends.get(backend), new RMSprop(), new MeanSquaredError());
            long t1 = System.nanoTime();
            try {
                model.fit(x, y, oneStep);
            } catch (IllegalArgumentException refused) {
                System.out.printf(Locale.ROOT, "%s T=%d refused after %.2f s: %s%n", backend, steps,
                        (System.nanoTime() - t1) / 1e9, refused.getMessage());
                return;
            }
            long t2 = System.nanoTime();
            model.fit(x, y, oneStep);
            long t3 = System.nanoTime();
            model.predict(x, 2);
            long t4 = System.nanoTime();
            System.out.printf(Locale.ROOT, "%s T=%d compile %.2f s, first step %.2f s, second step %.3f s, "
                            + "first prediction %.2f s, peak RSS %d MB%n", backend, steps, (t1 - t0) / 1e9,
                    (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9, WorkerCommands.peakRssKb() / 1024);
        }
    }

    private static void predict(String backend, int steps, BenchmarkOptions options) throws IOException {
        String layer = options.text("layer", "lstm");
        int units = options.integer("units", 32);
        int features = options.integer("features", 8);
        int batch = options.integer("batch", 32);
        NdArray x = gaussian(Shape.of(batch, steps, features), new SeededRandom(21));
        Layer recurrent = switch (layer) {
            case "lstm" -> LSTM.of(units);
            case "gru" -> GRU.of(units);
            default -> throw new IllegalArgumentException("--layer must be lstm or gru, got " + layer);
        };
        try (Sequential model = Sequential.builder().input(Input.floats(steps, features)).add(recurrent)
                .add(Dense.of(1)).seed(1).build()) {
            long t0 = System.nanoTime();
            model.compile(Backends.get(backend), new RMSprop(), new MeanSquaredError());
            long t1 = System.nanoTime();
            long startKb = WorkerCommands.rssKb();
            WorkerCommands.resetPeakRss();
            model.predict(x, batch);
            long t2 = System.nanoTime();
            model.predict(x, batch);
            long t3 = System.nanoTime();
            long peakKb = WorkerCommands.peakRssKb();
            System.out.printf(Locale.ROOT, "%s %s(%d) T=%d batch %d: compile %.2f s, first prediction %.1f ms, "
                            + "second prediction %.1f ms, RSS %d MB before the predictions, their peak %d MB "
                            + "(+%d MB)%n", backend, layer, units, steps, batch, (t1 - t0) / 1e9, (t2 - t1) / 1e6,
                    (t3 - t2) / 1e6, startKb / 1024, peakKb / 1024, (peakKb - startKb) / 1024);
        }
    }

    private static NdArray gaussian(Shape shape, SeededRandom random) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return NdArray.wrapFloats(shape, values);
    }
}
