package dev.seqconv.benchmarks;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.conformance.PredictorLoad;
import dev.seqconv.api.inference.Predictor;
import dev.seqconv.api.inference.PredictorSettings;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.random.SeededRandom;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The predictor's load test, for minutes: 64 client threads (by default) send valid and invalid requests mixed
 * ({@link PredictorLoad}: one in 8 invalid) to a predictor of each network on each backend, with each strategy;
 * every valid answer must equal the single-threaded prediction within 1e-6 and every invalid one fail with a clear
 * message. The resident set is sampled every second from {@code /proc/self/status}; per subject the report gives
 * the samples and the growth after warm-up (from the end of the subject's first quarter to its end), and a growth
 * above {@link #FLAT_MB} counts as a failure. Exits with 1 on any failure (a deadlock shows as the run's
 * time-out). Run it with a fixed, pre-touched heap ({@code -Xms} equal to {@code -Xmx}, {@code -XX:+AlwaysPreTouch}):
 * otherwise the heap's first writes show as growth. The conformance kit runs the same load for under a second.
 *
 * <p>Arguments: {@code --minutes 1 --clients 64 --networks imdb,jena-conv-gru --backends nd4j,tensorflow}.
 */
public final class PredictorLoadBenchmark {

    /** The most the resident set may grow after a subject's warm-up for memory to count as flat. */
    static final long FLAT_MB = 64;

    private PredictorLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        double minutes = options.number("minutes", 1);
        int clients = options.integer("clients", 64);
        List<String> networks = options.list("networks", "imdb,jena-conv-gru");
        List<String> backends = options.backends();
        Duration each = Duration.ofMillis((long) (minutes * 60_000 / (networks.size() * backends.size()
                * Predictor.Strategy.values().length)));
        AtomicLong peakRssKb = new AtomicLong();
        List<Long> subjectRssKb = new CopyOnWriteArrayList<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            long rss = rssKb();
            peakRssKb.accumulateAndGet(rss, Math::max);
            subjectRssKb.add(rss);
        }, 0, 1, TimeUnit.SECONDS);
        boolean failed = false;
        try {
            for (String networkName : networks) {
                BenchmarkNetwork network = BenchmarkNetwork.named(networkName);
                NdArray pool = network.data(256, new SeededRandom(11))[0];
                for (String backendId : backends) {
                    try (Sequential model = network.build()) {
                        network.compile(model, Backends.get(backendId));
                        float[] alone = model.predict(pool, 1).toFloatArray();
                        int vocabulary = network == BenchmarkNetwork.IMDB ? 10_000 : 0;
                        for (Predictor.Strategy strategy : Predictor.Strategy.values()) {
                            PredictorSettings settings = PredictorSettings.builder().backend(Backends.get(backendId))
                                    .strategy(strategy).queueCapacity(clients).timeout(Duration.ofMinutes(1)).build();
                            long rssBefore = rssKb();
                            subjectRssKb.clear();
                            PredictorLoad.Report report;
                            try (Predictor predictor = Predictor.of(model, settings)) {
                                report = new PredictorLoad(pool, alone, vocabulary)
                                        .run(predictor, clients, each, 8, 1, 20);
                            }
                            System.out.printf(Locale.ROOT, "%s, %s, %s, %d clients, %.0f s: %s; RSS %d MB before, "
                                    + "%d MB after, peak so far %d MB%n", network.title, backendId, strategy, clients,
                                    each.toMillis() / 1e3, report.summary(), rssBefore / 1024, rssKb() / 1024,
                                    peakRssKb.get() / 1024);
                            report.failures().forEach(f -> System.out.println("  " + f));
                            List<Long> trace = List.copyOf(subjectRssKb);
                            long growthMb = trace.size() < 4 ? 0
                                    : (trace.get(trace.size() - 1) - trace.get(trace.size() / 4)) / 1024;
                            System.out.printf(Locale.ROOT, "  RSS every second (MB): %s; after warm-up (first quarter) "
                                    + "%+d MB%s%n", trace.stream().map(kb -> Long.toString(kb / 1024))
                                    .collect(Collectors.joining(" ")), growthMb,
                                    growthMb > FLAT_MB ? " — NOT FLAT (more than " + FLAT_MB + " MB)" : "");
                            failed |= !report.failures().isEmpty() || report.rejected() > 0 || growthMb > FLAT_MB;
                        }
                    }
                }
            }
        } finally {
            sampler.shutdownNow();
        }
        System.out.println(failed ? "FAILED" : "PASSED");
        System.exit(failed ? 1 : 0);
    }

    /** The process's resident set in kB, from {@code /proc/self/status} (0 where it cannot be read). */
    static long rssKb() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }
}
