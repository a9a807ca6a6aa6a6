package dev.seqconv.conformance;

import dev.seqconv.conformance.reference.RefArray;
import dev.seqconv.api.layers.Conv1D;
import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.Embedding;
import dev.seqconv.api.layers.Flatten;
import dev.seqconv.api.layers.GRU;
import dev.seqconv.api.layers.GlobalMaxPooling1D;
import dev.seqconv.api.layers.MaxPooling1D;
import dev.seqconv.api.losses.BinaryCrossentropy;
import dev.seqconv.api.losses.MeanSquaredError;
import dev.seqconv.api.metrics.BinaryAccuracy;
import dev.seqconv.api.metrics.MeanAbsoluteErrorMetric;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.training.FitConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Several models on several threads at once, as in a service or a Spark executor: each model runs a script of
 * {@code fit}, {@code predict} and {@code evaluate} calls with batch sizes drawn from a seed, first alone (the
 * reference), then all models together, one thread each, started at the same instant. Every figure of the
 * concurrent run — each prediction, each evaluation, each epoch's loss and the final weights — must be
 * bit-identical to the reference: a model's answer may not depend on what else runs in the JVM.
 *
 * <p>The models come in pairs of the same geometry (so that anything an engine caches per shape is shared) and
 * of different geometries: the Conv1D → Flatten → Dense probe of issue 11, an IMDB-shaped token network and a
 * Jena-shaped Conv1D → GRU regressor. The conformance kit runs a short round; the benchmarks module runs rounds
 * for minutes ({@code ConcurrencyBenchmark}).
 */
public final class ConcurrencyWorkload {

    /** Batch sizes the scripts draw from: the whole set (shared geometries), a few odd ones (partial batches). */
    private static final int[] BATCH_SIZES = {0, 0, 7, 16, 32};
    /** The three geometries, in the order {@link #of} builds them. */
    private static final String[] KINDS = {"Conv1D-Flatten-Dense", "token network", "Conv1D-GRU"};

    /** One model's script: how to build it, its data and its calls. */
    record Plan(String name, Supplier<Sequential> factory, NdArray x, NdArray y, List<Call> calls) {
    }

    /** One call of a script: its figures on {@code model} over the plan's data. */
    interface Call {
        float[] run(Sequential model, NdArray x, NdArray y);
    }

    /** One epoch of training; its figures are the epoch's logs. */
    record Fit(int batchSize, long shuffleSeed) implements Call {
        @Override
        public float[] run(Sequential model, NdArray x, NdArray y) {
            return floats(model.fit(x, y, FitConfig.builder().epochs(1).batchSize(batchSize).shuffleSeed(shuffleSeed)
                    .build()).asMap().values().stream().flatMap(List::stream).toList());
        }
    }

    record Predict(int batchSize) implements Call {
        @Override
        public float[] run(Sequential model, NdArray x, NdArray y) {
            return model.predict(x, batchSize).toFloatArray();
        }
    }

    record Evaluate(int batchSize) implements Call {
        @Override
        public float[] run(Sequential model, NdArray x, NdArray y) {
            return floats(model.evaluate(x, y, batchSize).asMap().values());
        }
    }

    /**
     * What a round found.
     *
     * @param calls      calls run concurrently
     * @param mismatches calls (or final weights) whose figures differ from the reference, described
     * @param hung       models whose script did not finish within the time limit
     */
    public record Outcome(int calls, List<String> mismatches, List<String> hung) {
    }

    private final Backend backend;
    private final List<Plan> plans;

    private ConcurrencyWorkload(Backend backend, List<Plan> plans) {
        this.backend = backend;
        this.plans = plans;
    }

    /**
     * A round of {@code models} models (at least 2) with {@code calls} calls each, drawn from {@code seed};
     * {@code samples} rows of data per model. Models come in pairs of one geometry that run the same script on
     * different weights and data, so that both ask the engine for the same shapes at about the same time.
     */
    public static ConcurrencyWorkload of(Backend backend, long seed, int models, int calls, int samples) {
        if (models < 2) {
            throw new IllegalArgumentException("A concurrency round needs at least 2 models, got " + models);
        }
        SeededRandom random = new SeededRandom(seed);
        List<Plan> plans = new ArrayList<>();
        List<Call> script = List.of();
        for (int m = 0; m < models; m++) {
            int kind = (m / 2) % KINDS.length;
            long modelSeed = 10 + m;
            if (m % 2 == 0) {
                script = script(random, calls, samples);
            }
            NdArray x = switch (kind) {
                case 0 -> uniform(random, samples, 20, 8);
                case 1 -> ids(random, samples, 24, 40);
                default -> uniform(random, samples, 12, 5);
            };
            Supplier<Sequential> factory = switch (kind) {
                case 0 -> () -> convFlattenDense(modelSeed);
                case 1 -> () -> tokens(modelSeed);
                default -> () -> convGru(modelSeed);
            };
            plans.add(new Plan("model " + m + " (" + KINDS[kind] + ", seed " + modelSeed + ")", factory, x,
                    labels(random, samples), script));
        }
        return new ConcurrencyWorkload(backend, List.copyOf(plans));
    }

    private static List<Call> script(SeededRandom random, int calls, int samples) {
        List<Call> script = new ArrayList<>();
        for (int c = 0; c < calls; c++) {
            int batch = BATCH_SIZES[random.nextInt(BATCH_SIZES.length)];
            int size = batch == 0 ? samples : batch;
            script.add(switch (random.nextInt(4)) {
                case 0 -> new Fit(size, random.nextInt(1 << 20));
                case 1 -> new Evaluate(size);
                default -> new Predict(size);
            });
        }
        return List.copyOf(script);
    }

    /** The threads a round uses: one per model. */
    public int threads() {
        return plans.size();
    }

    /**
     * Runs each script alone, then all at once, and compares.
     *
     * @param limitSeconds how long the concurrent run may take before the unfinished models count as hung
     */
    public Outcome run(long limitSeconds) {
        List<List<float[]>> reference = new ArrayList<>();
        for (Plan plan : plans) {
            reference.add(runAlone(plan, null));
        }
        ExecutorService threads = Executors.newFixedThreadPool(plans.size(), task -> {
            Thread thread = new Thread(task, "concurrency-workload");
            thread.setDaemon(true);
            return thread;
        });
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<float[]>>> running = new ArrayList<>();
            for (Plan plan : plans) {
                running.add(threads.submit(() -> runAlone(plan, start)));
            }
            start.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(limitSeconds);
            List<String> mismatches = new ArrayList<>();
            List<String> hung = new ArrayList<>();
            int calls = 0;
            for (int p = 0; p < plans.size(); p++) {
                Plan plan = plans.get(p);
                try {
                    List<float[]> figures = running.get(p).get(Math.max(0, deadline - System.nanoTime()),
                            TimeUnit.NANOSECONDS);
                    calls += plan.calls().size();
                    compare(plan, reference.get(p), figures, mismatches);
                } catch (TimeoutException e) {
                    hung.add(plan.name());
                } catch (ExecutionException e) {
                    mismatches.add(plan.name() + " failed: " + e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for the concurrent run", e);
                }
            }
            return new Outcome(calls, List.copyOf(mismatches), List.copyOf(hung));
        } finally {
            threads.shutdownNow();
        }
    }

    /** Runs a script on a fresh model (after {@code start} opens, when given): each call's figures, then the weights. */
    private List<float[]> runAlone(Plan plan, CountDownLatch start) {
        List<float[]> figures = new ArrayList<>();
        try (Sequential model = plan.factory().get()) {
            boolean tokens = plan.x().dataType() == DataType.INT32;
            if (tokens) {
                model.compile(backend, new RMSprop(1e-3f), new BinaryCrossentropy(), new BinaryAccuracy());
            } else {
                model.compile(backend, new RMSprop(1e-3f), new MeanSquaredError(), new MeanAbsoluteErrorMetric());
            }
            if (start != null) {
                awaitStart(start);
            }
            for (Call call : plan.calls()) {
                figures.add(call.run(model, plan.x(), plan.y()));
            }
            for (NdArray weight : model.getWeights()) {
                figures.add(weight.toFloatArray());
            }
        }
        return figures;
    }

    private static void awaitStart(CountDownLatch start) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted before the concurrent run started", e);
        }
    }

    private static float[] floats(Collection<Double> values) {
        float[] out = new float[values.size()];
        int i = 0;
        for (double value : values) {
            out[i++] = (float) value;
        }
        return out;
    }

    private static void compare(Plan plan, List<float[]> expected, List<float[]> actual, List<String> mismatches) {
        for (int i = 0; i < expected.size(); i++) {
            float[] e = expected.get(i);
            float[] a = actual.get(i);
            String what = i < plan.calls().size() ? "call " + i + " " + plan.calls().get(i) : "final weight "
                    + (i - plan.calls().size());
            if (e.length != a.length) {
                mismatches.add(plan.name() + ", " + what + ": " + a.length + " values instead of " + e.length);
                continue;
            }
            int differing = 0;
            double largest = 0;
            for (int j = 0; j < e.length; j++) {
                if (Float.floatToIntBits(e[j]) != Float.floatToIntBits(a[j])) {
                    differing++;
                    largest = Math.max(largest, Math.abs((double) e[j] - a[j]));
                }
            }
            if (differing > 0) {
                mismatches.add(plan.name() + ", " + what + ": " + differing + " of " + e.length
                        + " values differ from the single-threaded run, by up to " + largest);
            }
        }
    }

    /** Issue 11's probe: {@code (20, 8)} floats → Conv1D(4, 3, relu) → Flatten → Dense(1). */
    static Sequential convFlattenDense(long seed) {
        return Sequential.builder().input(Input.floats(20, 8)).add(Conv1D.of(4, 3, Activation.RELU))
                .add(Flatten.of()).add(Dense.of(1)).seed(seed).build();
    }

    private static Sequential tokens(long seed) {
        return Sequential.builder().input(Input.ints(24)).add(Embedding.of(40, 8))
                .add(Conv1D.of(6, 5, Activation.RELU)).add(MaxPooling1D.of(2)).add(Conv1D.of(6, 3, Activation.RELU))
                .add(GlobalMaxPooling1D.of()).add(Dense.of(1, Activation.SIGMOID)).seed(seed).build();
    }

    private static Sequential convGru(long seed) {
        return Sequential.builder().input(Input.floats(12, 5)).add(Conv1D.of(6, 3, Activation.RELU))
                .add(GRU.of(5)).add(Dense.of(1)).seed(seed).build();
    }

    private static NdArray uniform(SeededRandom random, int... shape) {
        return RefArray.uniform(random, -1, 1, shape).toFloat32();
    }

    private static NdArray ids(SeededRandom random, int samples, int length, int vocabulary) {
        int[] v = new int[samples * length];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextInt(vocabulary);
        }
        return NdArray.ofInts(Shape.of(samples, length), v);
    }

    private static NdArray labels(SeededRandom random, int samples) {
        float[] v = new float[samples];
        for (int i = 0; i < samples; i++) {
            v[i] = random.nextInt(2);
        }
        return NdArray.ofFloats(Shape.of(samples), v);
    }
}
