package dev.seqconv.benchmarks;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.training.FitConfig;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Milliseconds per training step of one of the chapter's networks on each backend, measured in one process with
 * the backends' steps interleaved in rounds, so that machine noise hits all of them alike. Prints medians,
 * spreads and ratios as a Markdown table for docs/benchmarks.md.
 *
 * <p>Arguments: {@code --network imdb|jena-conv1d|jena-conv-gru --backends nd4j,tensorflow --batch 128 --warmup 3 --steps 20
 * --rounds 4}.
 */
public final class TrainStepBenchmark {

    private TrainStepBenchmark() {
    }

    /** One backend's model and its measurements. */
    private static final class Subject {
        final String id;
        final Backend backend;
        final Sequential model;
        final double loadMs;
        final double compileMs;
        double firstStepMs;
        final List<Double> stepMs = new ArrayList<>();

        Subject(String id, Backend backend, Sequential model, double loadMs, double compileMs) {
            this.id = id;
            this.backend = backend;
            this.model = model;
            this.loadMs = loadMs;
            this.compileMs = compileMs;
        }
    }

    public static void main(String[] args) {
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        BenchmarkNetwork network = BenchmarkNetwork.named(options.text("network", "imdb"));
        List<String> ids = options.backends();
        int batch = options.integer("batch", 128);
        int warmup = options.integer("warmup", 3);
        int steps = options.integer("steps", 20);
        int rounds = options.integer("rounds", 4);

        NdArray[] data = network.data(batch, new SeededRandom(1));
        FitConfig oneStep = FitConfig.builder().epochs(1).batchSize(batch).shuffle(false).build();
        List<Subject> subjects = new ArrayList<>();
        for (String id : ids) {
            long t0 = System.nanoTime();
            Backend backend = Backends.get(id);
            long t1 = System.nanoTime();
            Sequential model = network.build();
            network.compile(model, backend);
            long t2 = System.nanoTime();
            Subject s = new Subject(id, backend, model, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
            s.firstStepMs = time(() -> model.fit(data[0], data[1], oneStep));
            for (int i = 1; i < warmup; i++) {
                model.fit(data[0], data[1], oneStep);
            }
            subjects.add(s);
        }
        for (int round = 0; round < rounds; round++) {
            for (Subject s : subjects) {
                for (int i = 0; i < steps / rounds; i++) {
                    s.stepMs.add(time(() -> s.model.fit(data[0], data[1], oneStep)));
                }
            }
        }
        report(network, subjects, batch);
        subjects.forEach(s -> s.model.close());
    }

    private static void report(BenchmarkNetwork network, List<Subject> subjects, int batch) {
        double best = subjects.stream().mapToDouble(s -> Measurements.median(s.stepMs)).min().orElse(Double.NaN);
        System.out.printf(Locale.ROOT, "%s, batch %d; %s, %d cores, Java %s%n", network.title, batch,
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.println();
        System.out.println("| backend | engine | load ms | compile ms | first step ms | median ms/step | p10–p90 ms "
                + "| GFLOP/s | × fastest |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Subject s : subjects) {
            double median = Measurements.median(s.stepMs);
            System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.0f | %.1f | %.1f–%.1f | %.1f | %.2f |%n",
                    s.id, s.backend.engineVersion(), s.loadMs, s.compileMs, s.firstStepMs, median,
                    Measurements.percentile(s.stepMs, 0.1), Measurements.percentile(s.stepMs, 0.9),
                    network.gflopAt128 * batch / 128 / (median / 1000), median / best);
        }
    }

    private static double time(Runnable step) {
        long t0 = System.nanoTime();
        step.run();
        return (System.nanoTime() - t0) / 1e6;
    }
}
