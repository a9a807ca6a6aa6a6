package dev.seqconv.benchmarks;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.inference.Predictor;
import dev.seqconv.api.inference.PredictorSettings;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.spi.EngineBackend;
import dev.seqconv.api.spi.Executor;
import dev.seqconv.api.spi.InferencePlan;
import dev.seqconv.api.spi.PlannedLayer;
import dev.seqconv.conformance.ForwardingExecutor;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a {@link Predictor}'s sessions do with inference plans under load: how many plans they make and the time
 * spent making them, how many batches run on plans, their time and sizes (the plans' batch sizes, padding
 * included), while C client threads send one-sample requests for a few seconds after a warm-up. The rows the plans
 * ran over the requests answered give the padding's extra work. Prints one line and a size histogram per client
 * count.
 *
 * <p>Arguments: {@code --network imdb --backend nd4j --clients 10,16 --seconds 3 --warmup 3 --max-batch 32}.
 */
public final class ServingPlansProbe {

    private final AtomicLong plansMade = new AtomicLong();
    private final AtomicLong makingNanos = new AtomicLong();
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong runNanos = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final Map<Integer, Long> sizes = new TreeMap<>();

    private ServingPlansProbe() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        BenchmarkNetwork network = BenchmarkNetwork.named(options.text("network", "imdb"));
        Backend engine = Backends.get(options.text("backend", "nd4j"));
        double seconds = options.number("seconds", 3);
        double warmup = options.number("warmup", 3);
        ServingPlansProbe probe = new ServingPlansProbe();
        Backend watched = new EngineBackend(engine.id(), engine.engineVersion(),
                () -> probe.new Watched(engine.newExecutor()), engine.graphUnrolling());
        NdArray pool = network.data(ServeWorker.POOL_SIZE, new SeededRandom(ServeWorker.POOL_SEED))[0];
        try (Sequential model = network.build();
             Predictor predictor = Predictor.of(model, PredictorSettings.builder().backend(watched)
                     .maxBatchSize(options.integer("max-batch", 32)).queueCapacity(1024)
                     .timeout(Duration.ofSeconds(60)).build())) {
            for (int clients : options.integers("clients", "10,16")) {
                PredictorBenchmark.measure(clients, 0, warmup, pool, predictor::predict, 1);
                probe.reset();
                long start = System.nanoTime();
                PredictorBenchmark.Result result = PredictorBenchmark.measure(clients, 0, seconds, pool,
                        predictor::predict, 1);
                double wall = (System.nanoTime() - start) / 1e9;
                probe.report(network.id(), clients, result, wall);
            }
        }
    }

    private void reset() {
        plansMade.set(0);
        makingNanos.set(0);
        runs.set(0);
        runNanos.set(0);
        rows.set(0);
        synchronized (sizes) {
            sizes.clear();
        }
    }

    private void report(String network, int clients, PredictorBenchmark.Result result, double wall) {
        double answered = result.perSecond() * wall;
        System.out.printf(Locale.ROOT, "%s, %d clients: %.0f req/s, p50 %.3f ms; %d plans made in %.2f s (%.0f ms); "
                        + "%d plan runs, %.0f %% of the time; rows run / requests answered %.2f%n", network, clients,
                result.perSecond(), result.p50(), plansMade.get(), wall, makingNanos.get() / 1e6, runs.get(),
                100 * runNanos.get() / 1e9 / wall, rows.get() / answered);
        StringBuilder histogram = new StringBuilder("  plan batch sizes (size x runs):");
        synchronized (sizes) {
            sizes.forEach((size, count) -> histogram.append(' ').append(size).append('x').append(count));
        }
        System.out.println(histogram);
    }

    /** An engine's executor whose plans are counted and timed. */
    private final class Watched extends ForwardingExecutor {

        Watched(Executor engine) {
            super(engine);
        }

        @Override
        public Optional<InferencePlan> plan(List<PlannedLayer> layers, int batchSize) {
            long start = System.nanoTime();
            Optional<InferencePlan> plan = super.plan(layers, batchSize);
            makingNanos.addAndGet(System.nanoTime() - start);
            plansMade.incrementAndGet();
            return plan.map(Timed::new);
        }
    }

    /** A plan whose runs are counted and timed. */
    private final class Timed implements InferencePlan {
        private final InferencePlan plan;

        Timed(InferencePlan plan) {
            this.plan = plan;
        }

        @Override
        public int batchSize() {
            return plan.batchSize();
        }

        @Override
        public NdArray run(NdArray x) {
            long start = System.nanoTime();
            NdArray out = plan.run(x);
            runNanos.addAndGet(System.nanoTime() - start);
            runs.incrementAndGet();
            rows.addAndGet(x.length());
            synchronized (sizes) {
                sizes.merge(x.length(), 1L, Long::sum);
            }
            return out;
        }

        @Override
        public void close() {
            plan.close();
        }
    }
}
