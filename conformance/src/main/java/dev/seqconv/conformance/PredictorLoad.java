package dev.seqconv.conformance;

import dev.seqconv.api.inference.PredictionRejectedException;
import dev.seqconv.api.inference.Predictor;
import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.random.SeededRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Concurrent clients sending a {@link Predictor} a mix of valid requests (1-3 samples drawn from a pool whose
 * single-threaded predictions are known) and invalid ones (a wrong sample shape, a wrong type, a token id outside
 * the vocabulary or a NaN): every valid answer must equal the single-threaded prediction within {@link #TOLERANCE},
 * every invalid one must fail alone with an {@link IllegalArgumentException} naming the problem. Run briefly by
 * {@link PredictorConformanceSuite}, for minutes by the benchmarks' {@code PredictorLoadBenchmark}.
 */
public final class PredictorLoad {

    /** How far a valid answer may be from the single-threaded prediction: 1e-6, relative above 1. */
    public static final double TOLERANCE = 1e-6;

    private final NdArray pool;
    private final float[] expected;
    private final int vocabulary;

    /**
     * @param pool       samples to draw valid requests from
     * @param expected   the single-threaded predictions of {@code pool}, flattened
     * @param vocabulary the Embedding's input size for token inputs (ids at or above it are invalid), else 0
     */
    public PredictorLoad(NdArray pool, float[] expected, int vocabulary) {
        if (pool.length() < 3 || expected.length % pool.length() != 0) {
            throw new IllegalArgumentException("Give at least 3 pool samples and their predictions: "
                    + pool.length() + " samples, " + expected.length + " values");
        }
        this.pool = pool;
        this.expected = expected;
        this.vocabulary = vocabulary;
    }

    /** What a run saw. */
    public record Report(long valid, long invalid, long rejected, List<String> failures, double maxDifference) {

        /** One line for logs and the benchmark's output. */
        public String summary() {
            return String.format(Locale.ROOT, "%,d valid answers (max |difference| %.2e), %,d invalid "
                    + "requests refused, %,d rejected under load, %d failures", valid, maxDifference, invalid,
                    rejected, failures.size());
        }
    }

    /**
     * Runs {@code clients} threads for {@code duration} (each sending at least {@code 2 * invalidEvery} requests),
     * one request in {@code invalidEvery} invalid.
     *
     * @param failuresKept how many failures to describe in the report (all are counted)
     */
    public Report run(Predictor predictor, int clients, Duration duration, int invalidEvery, long seed,
                      int failuresKept) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        AtomicLong valid = new AtomicLong();
        AtomicLong invalid = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        AtomicLong failureCount = new AtomicLong();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        double[] maxDifference = new double[clients];
        long end = System.nanoTime() + duration.toNanos();
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                running.add(threads.submit(() -> {
                    start.await();
                    SeededRandom random = new SeededRandom(seed * 1_000 + client);
                    // at least two rounds of invalidEvery requests each, however slow the machine
                    for (int n = 0; n < 2 * invalidEvery || System.nanoTime() < end; n++) {
                        String failure;
                        if (n % invalidEvery == invalidEvery - 1) {
                            failure = invalidRequest(predictor, random);
                            if (failure == null) {
                                invalid.incrementAndGet();
                            }
                        } else {
                            int from = random.nextInt(pool.length() - 2);
                            int to = from + 1 + random.nextInt(3);
                            try {
                                float[] answer = predictor.predict(pool.rows(from, to)).toFloatArray();
                                failure = compare(answer, from, client, maxDifference);
                                valid.incrementAndGet();
                            } catch (PredictionRejectedException e) {
                                rejected.incrementAndGet();
                                failure = null;
                            }
                        }
                        if (failure != null && failureCount.incrementAndGet() <= failuresKept) {
                            failures.add(failure);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : running) {
                f.get(duration.toMillis() + 60_000, TimeUnit.MILLISECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        if (failureCount.get() > failures.size()) {
            failures.add("... " + (failureCount.get() - failures.size()) + " more");
        }
        double max = 0;
        for (double d : maxDifference) {
            max = Math.max(max, d);
        }
        return new Report(valid.get(), invalid.get(), rejected.get(), List.copyOf(failures), max);
    }

    private String compare(float[] answer, int from, int client, double[] maxDifference) {
        for (int i = 0; i < answer.length; i++) {
            double e = expected[from * (expected.length / pool.length()) + i];
            double d = Math.abs(answer[i] - e);
            maxDifference[client] = Math.max(maxDifference[client], d);
            if (!(d <= TOLERANCE * Math.max(1, Math.abs(e)))) {
                return "value " + i + " of the request from sample " + from + ": got " + answer[i] + ", single-threaded " + e;
            }
        }
        return null;
    }

    /** Sends one invalid request; returns null if it failed with a clear message, else what went wrong. */
    private String invalidRequest(Predictor predictor, SeededRandom random) {
        int kind = random.nextInt(3);
        int from = random.nextInt(pool.length() - 1);
        NdArray good = pool.rows(from, from + 1);
        Shape shape = good.shape();
        NdArray bad;
        String fragment;
        if (kind == 0) {
            Shape shorter = shape.withDim(1, shape.dim(1) - 1);
            bad = good.dataType() == DataType.INT32 ? NdArray.ofInts(shorter, new int[(int) shorter.size()])
                    : NdArray.ofFloats(shorter, new float[(int) shorter.size()]);
            fragment = "samples of shape";
        } else if (kind == 1) {
            bad = good.dataType() == DataType.INT32 ? NdArray.wrapFloats(shape, good.toFloatArray())
                    : NdArray.ofInts(shape, new int[good.size()]);
            fragment = "inputs, got";
        } else if (vocabulary > 0) {
            int[] ids = good.toIntArray();
            ids[random.nextInt(ids.length)] = vocabulary + random.nextInt(1000);
            bad = NdArray.wrapInts(shape, ids);
            fragment = "outside the Embedding's vocabulary";
        } else {
            float[] values = good.toFloatArray();
            values[random.nextInt(values.length)] = Float.NaN;
            bad = NdArray.wrapFloats(shape, values);
            fragment = "NaN";
        }
        try {
            predictor.predict(bad);
            return "an invalid request (" + fragment + ") was answered";
        } catch (IllegalArgumentException e) {
            return e.getMessage() != null && e.getMessage().contains(fragment) ? null
                    : "an invalid request (" + fragment + ") failed with an unclear message: " + e.getMessage();
        } catch (RuntimeException e) {
            return "an invalid request (" + fragment + ") failed with " + e;
        }
    }
}
