package dev.seqconv.benchmarks;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.layers.Conv1D;
import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.GRU;
import dev.seqconv.api.layers.GlobalMaxPooling1D;
import dev.seqconv.api.layers.MaxPooling1D;
import dev.seqconv.api.losses.MeanSquaredError;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.training.FitConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether the resident set stays flat under the two loads that grew ND4J's without bound (issue 25), each backend
 * and scenario in a JVM of its own:
 * <ul>
 *   <li>{@code predict}: one compiled model (Conv1D, MaxPooling1D, GRU, Dense) predicting requests of 1 to
 *       {@code --max-batch} samples, each as one batch, in passes over every size in a shuffled order (fixed
 *       seed), {@code --requests} in all;</li>
 *   <li>{@code cycles}: {@code --cycles} times build, compile, fit one epoch, predict (at three batch sizes) and
 *       close a small model whose shape (steps, channels, filters, kernel, recurrent or not, batch) is one of
 *       {@link #SHAPES} configurations, in passes over all of them in a shuffled order.</li>
 * </ul>
 * The resident set ({@code VmRSS}) is read after every request or cycle. The baseline is the reading at the end
 * of the first pass, when every size (or shape) has been seen once; a later reading more than {@link #FLAT}
 * above it fails the run. Exits with 1 when any backend or scenario failed. Each child JVM has a fixed,
 * pre-touched heap ({@code --heap}), so that the heap's first writes do not show as growth.
 *
 * <p>Arguments: {@code --requests 10000 --max-batch 600 --cycles 200 --backends nd4j,tensorflow
 * --scenarios predict,cycles --heap 256m}.
 */
public final class MemoryFlatnessBenchmark {

    /** The most the resident set may grow after the first pass for memory to count as flat. */
    static final double FLAT = 0.10;
    /** The number of distinct model shapes the cycles scenario goes through. */
    private static final int SHAPES = 40;
    private static final int STEPS = 120;
    private static final int FEATURES = 8;
    /** Readings printed per scenario, evenly spaced. */
    private static final int PRINTED = 20;

    private MemoryFlatnessBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        if (options.text("child", null) != null) {
            System.exit(runChild(options) ? 0 : 1);
        }
        boolean failed = false;
        for (String backend : options.backends()) {
            for (String scenario : options.list("scenarios", "predict,cycles")) {
                List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-Xms" + options.text("heap", "256m"), "-Xmx" + options.text("heap", "256m"),
                        "-XX:+AlwaysPreTouch", "-cp", System.getProperty("java.class.path"),
                        MemoryFlatnessBenchmark.class.getName(), "--child", scenario, "--backends", backend));
                for (String passed : List.of("requests", "max-batch", "cycles")) {
                    String value = options.text(passed, null);
                    if (value != null) {
                        command.addAll(List.of("--" + passed, value));
                    }
                }
                ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
                builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
                builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
                failed |= builder.start().waitFor() != 0;
            }
        }
        System.out.println(failed ? "FAILED" : "PASSED");
        System.exit(failed ? 1 : 0);
    }

    /** Runs one scenario on one backend in this JVM; true when the resident set stayed flat. */
    private static boolean runChild(BenchmarkOptions options) {
        String scenario = options.required("child");
        Backend backend = Backends.get(options.required("backends"));
        long start = System.nanoTime();
        Trace trace = switch (scenario) {
            case "predict" -> predictRequests(backend, options.integer("requests", 10_000),
                    options.integer("max-batch", 600));
            case "cycles" -> buildFitCloseCycles(backend, options.integer("cycles", 200));
            default -> throw new IllegalArgumentException("Unknown scenario " + scenario + ": predict or cycles");
        };
        return trace.report(backend.id() + ", " + scenario, (System.nanoTime() - start) / 1e9);
    }

    /** Requests of every size from 1 to {@code maxBatch}, a shuffled pass at a time, each predicted as one batch. */
    private static Trace predictRequests(Backend backend, int requests, int maxBatch) {
        SeededRandom random = new SeededRandom(25);
        NdArray pool = gaussian(random, maxBatch, STEPS, FEATURES);
        Trace trace = new Trace(maxBatch);
        try (Sequential model = Sequential.builder().name("flatness").input(Input.floats(STEPS, FEATURES))
                .add(Conv1D.of(16, 5, Activation.RELU))
                .add(MaxPooling1D.of(2))
                .add(GRU.of(16))
                .add(Dense.of(1))
                .seed(1)
                .build()) {
            model.compile(backend, new RMSprop(), new MeanSquaredError());
            int[] order = new int[0];
            for (int request = 0; request < requests; request++) {
                if (request % maxBatch == 0) {
                    order = random.permutation(maxBatch);
                }
                int size = order[request % maxBatch] + 1;
                model.predict(pool.rows(0, size), size);
                trace.add(PredictorLoadBenchmark.rssKb());
            }
        }
        return trace;
    }

    /** Build, compile, fit, predict and close small models of {@link #SHAPES} shapes, a shuffled pass at a time. */
    private static Trace buildFitCloseCycles(Backend backend, int cycles) {
        SeededRandom random = new SeededRandom(26);
        Trace trace = new Trace(SHAPES);
        int[] order = new int[0];
        for (int cycle = 0; cycle < cycles; cycle++) {
            if (cycle % SHAPES == 0) {
                order = random.permutation(SHAPES);
            }
            int shape = order[cycle % SHAPES];
            int steps = 20 + 7 * shape;
            int channels = 1 + shape % 5;
            int samples = 16 + 8 * (shape % 4);
            NdArray x = gaussian(random, samples, steps, channels);
            NdArray y = gaussian(random, samples, 1);
            try (Sequential model = Sequential.builder().name("cycle").input(Input.floats(steps, channels))
                    .add(Conv1D.of(4 + shape % 7, 2 + shape % 4, Activation.RELU))
                    .add(shape % 2 == 0 ? GRU.of(4 + shape % 5) : GlobalMaxPooling1D.of())
                    .add(Dense.of(1))
                    .seed(cycle)
                    .build()) {
                model.compile(backend, new RMSprop(), new MeanSquaredError());
                model.fit(x, y, FitConfig.builder().epochs(1).batchSize(8 + shape % 3).build());
                for (int batch : new int[] {1, 3 + shape % 5, samples}) {
                    model.predict(x, batch);
                }
            }
            trace.add(PredictorLoadBenchmark.rssKb());
        }
        return trace;
    }

    private static NdArray gaussian(SeededRandom random, int... dims) {
        Shape shape = Shape.of(dims);
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return NdArray.ofFloats(shape, values);
    }

    /** The resident set after each request or cycle; the first pass is {@code firstPass} readings long. */
    private record Trace(int firstPass, List<Long> kb) {

        Trace(int firstPass) {
            this(firstPass, new ArrayList<>());
        }

        void add(long rssKb) {
            kb.add(rssKb);
        }

        /** Prints the readings and the growth after the first pass; true when it is within {@link #FLAT}. */
        boolean report(String subject, double seconds) {
            if (kb.size() <= firstPass) {
                System.out.printf(Locale.ROOT, "%s: only %d readings, the first pass needs %d: run longer%n",
                        subject, kb.size(), firstPass + 1);
                return false;
            }
            long baseline = kb.get(firstPass - 1);
            long peak = kb.subList(firstPass, kb.size()).stream().mapToLong(Long::longValue).max().orElseThrow();
            double growth = (double) (peak - baseline) / baseline;
            int every = Math.max(1, kb.size() / PRINTED);
            StringBuilder sampled = new StringBuilder();
            for (int i = 0; i < kb.size(); i += every) {
                sampled.append(i == 0 ? "" : " ").append(kb.get(i) / 1024);
            }
            System.out.printf(Locale.ROOT, "%s: %d readings in %.0f s; RSS (MB) every %d: %s, last %d; "
                    + "after the first pass %d MB, peak after it %d MB (%+.1f %%)%s%n", subject, kb.size(), seconds,
                    every, sampled, kb.get(kb.size() - 1) / 1024, baseline / 1024, peak / 1024, 100 * growth,
                    growth > FLAT ? " — NOT FLAT (more than " + Math.round(100 * FLAT) + " %)" : " — flat");
            return growth <= FLAT;
        }
    }
}
