package dev.seqconv.benchmarks;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.losses.BinaryCrossentropy;
import dev.seqconv.api.losses.MeanAbsoluteError;
import dev.seqconv.api.metrics.BinaryAccuracy;
import dev.seqconv.api.model.FitConfig;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.models.ImdbNetworks;
import dev.seqconv.models.JenaNetworks;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Milliseconds per training step of one of the chapter's networks on each backend, measured in one process with
 * the backends' steps interleaved in rounds, so that machine noise hits all of them alike. Prints medians,
 * spreads and ratios as a Markdown table for docs/benchmarks.md.
 *
 * <p>Arguments: {@code --network imdb|jena-conv-gru --backends nd4j,tensorflow --batch 128 --warmup 3 --steps 20
 * --rounds 4}.
 */
public final class TrainStepBenchmark {

    /** A network to time, with random data of its input shape and the work of one step at batch 128. */
    private enum Network {
        /** The IMDB Conv1D network, RMSprop(1e-4), binary cross-entropy; 11.4 GFLOP a step (engine notes). */
        IMDB("IMDB Conv1D network", 11.4) {
            @Override
            Sequential build() {
                return ImdbNetworks.conv1d(ImdbNetworks.MAX_FEATURES, ImdbNetworks.MAX_LEN, 1);
            }

            @Override
            void compile(Sequential model, Backend backend) {
                model.compile(backend, new RMSprop(1e-4f), new BinaryCrossentropy(), new BinaryAccuracy());
            }

            @Override
            NdArray[] data(int batch, SeededRandom random) {
                int[] ids = new int[batch * ImdbNetworks.MAX_LEN];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = 3 + random.nextInt(ImdbNetworks.MAX_FEATURES - 3);
                }
                return new NdArray[] {NdArray.ofInts(Shape.of(batch, ImdbNetworks.MAX_LEN), ids), labels(batch, random)};
            }
        },
        /** The Jena Conv1D + GRU network (dropout 0.1 / 0.5), input (240, 14), RMSprop, MAE; 0.91 GFLOP a step. */
        JENA_CONV_GRU("Jena Conv1D+GRU network", 0.91) {
            @Override
            Sequential build() {
                return JenaNetworks.conv1dGru(240, true, 1);
            }

            @Override
            void compile(Sequential model, Backend backend) {
                model.compile(backend, new RMSprop(), new MeanAbsoluteError());
            }

            @Override
            NdArray[] data(int batch, SeededRandom random) {
                float[] x = new float[batch * 240 * JenaNetworks.FEATURES];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) random.nextGaussian();
                }
                return new NdArray[] {NdArray.ofFloats(Shape.of(batch, 240, JenaNetworks.FEATURES), x),
                        labels(batch, random)};
            }
        };

        final String title;
        final double gflopAt128;

        Network(String title, double gflopAt128) {
            this.title = title;
            this.gflopAt128 = gflopAt128;
        }

        abstract Sequential build();

        abstract void compile(Sequential model, Backend backend);

        abstract NdArray[] data(int batch, SeededRandom random);

        static NdArray labels(int batch, SeededRandom random) {
            float[] labels = new float[batch];
            for (int i = 0; i < batch; i++) {
                labels[i] = random.nextInt(2);
            }
            return NdArray.ofFloats(Shape.of(batch, 1), labels);
        }
    }

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
        Map<String, String> options = parse(args);
        Network network = Network.valueOf(options.getOrDefault("network", "imdb").toUpperCase(Locale.ROOT)
                .replace('-', '_'));
        List<String> ids = List.of(options.getOrDefault("backends", "nd4j,tensorflow").split(","));
        int batch = Integer.parseInt(options.getOrDefault("batch", "128"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "3"));
        int steps = Integer.parseInt(options.getOrDefault("steps", "20"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "4"));

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

    private static void report(Network network, List<Subject> subjects, int batch) {
        double best = subjects.stream().mapToDouble(s -> median(s.stepMs)).min().orElse(Double.NaN);
        System.out.printf(Locale.ROOT, "%s, batch %d; %s, %d cores, Java %s%n", network.title, batch,
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.println();
        System.out.println("| backend | engine | load ms | compile ms | first step ms | median ms/step | p10–p90 ms "
                + "| GFLOP/s | × fastest |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Subject s : subjects) {
            double median = median(s.stepMs);
            System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.0f | %.1f | %.1f–%.1f | %.1f | %.2f |%n",
                    s.id, s.backend.engineVersion(), s.loadMs, s.compileMs, s.firstStepMs, median,
                    percentile(s.stepMs, 0.1), percentile(s.stepMs, 0.9),
                    network.gflopAt128 * batch / 128 / (median / 1000), median / best);
        }
    }

    private static double time(Runnable step) {
        long t0 = System.nanoTime();
        step.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double median(List<Double> values) {
        return percentile(values, 0.5);
    }

    private static double percentile(List<Double> values, double p) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[(int) Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)))];
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Expected --name value pairs, got " + Arrays.toString(args));
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
