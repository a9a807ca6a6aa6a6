package dev.seqconv.benchmarks;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.inference.Predictor;
import dev.seqconv.api.inference.PredictorSettings;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.spi.Backend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Serving speed: for each network and backend, the latency of one-sample predictions (p50, p99) through
 * {@code Sequential.predict} — the path before the predictor — and through a {@link Predictor} with each strategy,
 * then each strategy's throughput and latency with 1, 4, 16 and 64 concurrent clients sending one-sample requests.
 * Every subject is warmed up first (the ND4J backend's Java kernels need the JIT). Prints markdown tables.
 *
 * <p>Arguments: {@code --networks imdb,jena-conv-gru --backends nd4j,tensorflow --clients 1,4,16,64
 * --seconds 5 --warmup 5 --max-batch 32 --max-wait-ms 1}.
 */
public final class PredictorBenchmark {

    private PredictorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        List<String> networks = options.list("networks", "imdb,jena-conv-gru");
        List<String> backends = options.backends();
        int[] clients = options.integers("clients", "1,4,16,64");
        double seconds = options.number("seconds", 5);
        double warmup = options.number("warmup", 5);
        int maxBatch = options.integer("max-batch", 32);
        Duration maxWait = options.milliseconds("max-wait-ms", 1);
        System.out.printf(Locale.ROOT, "Serving benchmark, %s s per measurement after %s s of warm-up, %d cores, "
                + "Java %s; micro-batching: batches of up to %d, %s ms wait%n", seconds, warmup,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), maxBatch,
                maxWait.toNanos() / 1e6);
        for (String networkName : networks) {
            BenchmarkNetwork network = BenchmarkNetwork.named(networkName);
            NdArray pool = network.data(256, new SeededRandom(7))[0];
            System.out.printf("%n### %s%n%n| backend | path | clients | requests/s | p50 ms | p99 ms |%n"
                    + "| --- | --- | ---: | ---: | ---: | ---: |%n", network.title);
            for (String backendId : backends) {
                Backend backend = Backends.get(backendId);
                try (Sequential model = network.build()) {
                    network.compile(model, backend);
                    row(backendId, "Sequential.predict, batch 1", 1,
                            measure(1, warmup, seconds, pool, x -> model.predict(x, 1), 1));
                    row(backendId, "Sequential.predict, batch 32", 1,
                            measure(1, warmup, seconds, pool, x -> model.predict(x, 32), 32));
                    for (Predictor.Strategy strategy : Predictor.Strategy.values()) {
                        PredictorSettings settings = PredictorSettings.builder().backend(backend).strategy(strategy)
                                .maxBatchSize(maxBatch).maxWait(maxWait).queueCapacity(1024)
                                .timeout(Duration.ofSeconds(60)).build();
                        try (Predictor predictor = Predictor.of(model, settings)) {
                            String path = "Predictor " + strategy;
                            row(backendId, path + ", batch 32", 1, measure(1, warmup, seconds, pool,
                                    predictor::predict, 32));
                            for (int c : clients) {
                                row(backendId, path, c, measure(c, c == clients[0] ? warmup : 1, seconds, pool,
                                        predictor::predict, 1));
                            }
                        }
                    }
                }
            }
        }
    }

    private static void row(String backend, String path, int clients, Result result) {
        System.out.printf(Locale.ROOT, "| %s | %s | %d | %.0f | %.3f | %.3f |%n", backend, path, clients,
                result.perSecond(), result.p50(), result.p99());
    }

    /** Requests answered per second, and the latency of each request (also {@link ServeWorker}'s). */
    record Result(double perSecond, double p50, double p99) {
    }

    /**
     * {@code clients} threads calling {@code call} with requests of {@code samples} rows of {@code pool}: the same
     * threads warm up and are measured, as a service's request threads are reused, so what an engine keeps per
     * calling thread (ND4J's workspaces, the Conv1D primitives) is made in the warm-up.
     */
    static Result measure(int clients, double warmupSeconds, double seconds, NdArray pool,
                                  Function<NdArray, NdArray> call, int samples) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        try {
            run(threads, clients, warmupSeconds, pool, call, samples);
            long start = System.nanoTime();
            List<Double> latencies = run(threads, clients, seconds, pool, call, samples);
            double elapsed = (System.nanoTime() - start) / 1e9;
            return new Result(latencies.size() / elapsed, Measurements.median(latencies),
                    Measurements.percentile(latencies, 0.99));
        } finally {
            threads.shutdownNow();
        }
    }

    private static List<Double> run(ExecutorService threads, int clients, double seconds, NdArray pool,
                                    Function<NdArray, NdArray> call, int samples) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Double>>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(threads.submit(() -> {
                start.await();
                List<Double> latencies = new ArrayList<>();
                for (int n = 0; System.nanoTime() < end; n++) {
                    int from = (client * 31 + n * samples) % (pool.length() - samples);
                    NdArray x = pool.rows(from, from + samples);
                    long t = System.nanoTime();
                    call.apply(x);
                    latencies.add((System.nanoTime() - t) / 1e6);
                }
                return latencies;
            }));
        }
        start.countDown();
        List<Double> all = new ArrayList<>();
        for (Future<List<Double>> f : futures) {
            all.addAll(f.get());
        }
        return Collections.unmodifiableList(all);
    }
}
