package dev.seqconv.benchmarks;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.conformance.ConcurrencyWorkload;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * The conformance kit's concurrency round ({@link ConcurrencyWorkload}), repeated for minutes on each backend:
 * every round builds its models afresh from a new seed, runs each script alone, then all of them at once, one
 * thread per model, and counts the figures that differ from the single-threaded run and the models that hang.
 * Prints one line per backend: rounds, threads, calls, mismatches and hangs (both must be 0).
 *
 * <p>Arguments: {@code --backends nd4j,tensorflow --minutes 5 --models 8 --calls 16 --samples 96
 * --hang-seconds 120}.
 */
public final class ConcurrencyBenchmark {

    private ConcurrencyBenchmark() {
    }

    public static void main(String[] args) {
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        List<String> backends = options.backends();
        double minutes = options.number("minutes", 5);
        int models = options.integer("models", 8);
        int calls = options.integer("calls", 16);
        int samples = options.integer("samples", 96);
        long hangSeconds = options.integer("hang-seconds", 120);
        System.out.printf(Locale.ROOT, "Concurrency rounds, %s, %d cores, Java %s: %d models (pairs of one geometry) "
                        + "× %d calls × %d samples, %.1f minutes per backend%n%n", LocalDate.now(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), models, calls, samples,
                minutes);
        System.out.println("| backend | rounds | threads | concurrent calls | mismatches | hangs | minutes |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        boolean clean = true;
        for (String backend : backends) {
            long end = System.nanoTime() + (long) (minutes * 60e9);
            long start = System.nanoTime();
            int rounds = 0;
            int concurrentCalls = 0;
            int mismatches = 0;
            int hangs = 0;
            while (System.nanoTime() < end && hangs == 0) {
                ConcurrencyWorkload round = ConcurrencyWorkload.of(Backends.get(backend), rounds, models, calls,
                        samples);
                ConcurrencyWorkload.Outcome outcome = round.run(hangSeconds);
                rounds++;
                concurrentCalls += outcome.calls();
                mismatches += outcome.mismatches().size();
                hangs += outcome.hung().size();
                for (String problem : outcome.mismatches()) {
                    System.err.println(backend + " round " + rounds + ": " + problem);
                }
                for (String model : outcome.hung()) {
                    System.err.println(backend + " round " + rounds + ": hung: " + model);
                }
            }
            clean &= mismatches == 0 && hangs == 0;
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %.1f |%n", backend, rounds, models,
                    concurrentCalls, mismatches, hangs, (System.nanoTime() - start) / 60e9);
        }
        System.exit(clean ? 0 : 1);
    }
}
