package dev.seqconv.benchmarks;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * How fast a backend trains from its first steps: for each network, a fresh JVM ({@link StepWorker}) runs its first
 * step (step 0: tracing, the workspaces' first allocation) and then {@code --steps} timed steps, numbered from 1.
 * Prints the median ms of steps 1-10, 11-30 and 200-250 and the ratio of the 11-30 median to the 200-250 one (the
 * cost of a young JIT), what steps 1-20 cost above 20 steady steps, and the medians of each block of 25 steps: in
 * wall-clock time, and in CPU time of the worker's threads but the JIT compilers' (which other processes on a busy
 * machine disturb less; it counts every thread's share of a step, so it exceeds the wall time of a parallel step).
 * Then, per network, the JIT compilers' CPU time per step (mean) in steps 1-10, 11-30, 31-200 and 201-250: on
 * two cores, a compiler busy for most of a step takes the second core from the step's parallel parts.
 *
 * With {@code --runs R} each network is measured R times, the networks taking turns, each run in a fresh JVM, and
 * the ratios of every run and their median close the report: on a machine whose speed drifts by tens of per cent
 * within seconds, one run's ratio says little.
 *
 * <p>Arguments: {@code --networks imdb,jena-conv1d,jena-conv-gru --backend nd4j --batch 128 --steps 250 --runs 1
 * --jvm-options "-XX:TieredStopAtLevel=1"} (JVM options for the workers, e.g. to see the cost of steps that C2 has
 * not compiled; space-separated; none by default).
 */
public final class WarmUpBenchmark {

    private static final int BLOCK = 25;

    private WarmUpBenchmark() {
    }

    public static void main(String[] args) {
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        List<String> networks = options.list("networks", "imdb,jena-conv1d,jena-conv-gru");
        String backend = options.text("backend", "nd4j");
        int batch = options.integer("batch", 128);
        int steps = options.integer("steps", 250);
        int runs = options.integer("runs", 1);
        String jvmOptions = options.text("jvm-options", "").trim();
        if (steps < 250) {
            throw new IllegalArgumentException("--steps must be at least 250 to have steps 200-250, got " + steps);
        }
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1, got " + runs);
        }
        System.out.printf(Locale.ROOT, "%s warm-up, batch %d, %d steps after step 0, each network in a fresh JVM%s%s; "
                + "%s, %d cores, Java %s%n%n", backend, batch, steps, runs == 1 ? "" : ", " + runs + " runs",
                jvmOptions.isEmpty() ? "" : " (" + jvmOptions + ")", LocalDate.now(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.println("| network | time | steps 1-10 ms | steps 11-30 ms | steps 200-250 ms | 11-30 / 200-250 "
                + "| steps 1-20 above steady, ms | medians of 25-step blocks, ms |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |");
        List<String> compilerRows = new ArrayList<>();
        Map<String, List<Double>> wallRatios = new LinkedHashMap<>();
        Map<String, List<Double>> cpuRatios = new LinkedHashMap<>();
        for (int run = 1; run <= runs; run++) {
            for (String id : networks) {
                BenchmarkNetwork network = BenchmarkNetwork.named(id);
                String title = runs == 1 ? network.title : network.title + ", run " + run;
                Run measured = measure(network, backend, batch, steps, jvmOptions);
                wallRatios.computeIfAbsent(network.title, k -> new ArrayList<>())
                        .add(report(title, "wall", measured.wallMs()));
                cpuRatios.computeIfAbsent(network.title, k -> new ArrayList<>())
                        .add(report(title, "CPU", measured.cpuMs()));
                compilerRows.add(String.format(Locale.ROOT, "%s: %s", title, measured.compilers()));
            }
        }
        System.out.printf(Locale.ROOT, "%nThe JIT compilers' CPU ms per step (mean over the steps):%n");
        compilerRows.forEach(System.out::println);
        if (runs > 1) {
            System.out.printf(Locale.ROOT, "%nSteps 11-30 / 200-250 over the %d runs (each in fresh JVMs): "
                    + "| network | wall, each run | wall, median | CPU, each run | CPU, median |%n", runs);
            wallRatios.forEach((title, wall) -> System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %s | %.2f |%n",
                    title, ratios(wall), Measurements.median(wall), ratios(cpuRatios.get(title)),
                    Measurements.median(cpuRatios.get(title))));
        }
    }

    /** One network's steps in a fresh worker: wall and CPU ms per step, and the compilers' CPU by stretch. */
    private record Run(List<Double> wallMs, List<Double> cpuMs, String compilers) {
    }

    private static Run measure(BenchmarkNetwork network, String backend, int batch, int steps, String jvmOptions) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx8g"));
        if (!jvmOptions.isEmpty()) {
            command.addAll(List.of(jvmOptions.split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), StepWorker.class.getName(),
                "--network", network.id(), "--backend", backend, "--batch", Integer.toString(batch)));
        try (ComparisonBenchmark.Worker worker = new ComparisonBenchmark.Worker(network.id(), command)) {
            List<Double> cpuMs = new ArrayList<>();
            StringJoiner compilers = new StringJoiner(", ");
            int done = 0;
            for (int last : new int[] {10, 30, 200, steps}) {
                worker.run(last - done);
                Arrays.stream(worker.ask("cpu", "cpu").split(",")).map(Double::valueOf).forEach(cpuMs::add);
                compilers.add(String.format(Locale.ROOT, "steps %d-%d %.1f", done + 1, last,
                        compilerMs(worker.ask("threads", "threads")) / (last - done)));
                done = last;
            }
            return new Run(List.copyOf(worker.stepMs), cpuMs, compilers.toString());
        }
    }

    private static String ratios(List<Double> values) {
        StringJoiner joined = new StringJoiner(" ");
        values.forEach(v -> joined.add(String.format(Locale.ROOT, "%.2f", v)));
        return joined.toString();
    }

    /** The CPU ms of the JIT's compiler threads in a worker's {@code threads} answer ({@code NAME=ms,...}). */
    private static double compilerMs(String threads) {
        return Arrays.stream(threads.split(",")).map(t -> t.split("="))
                .filter(t -> StepWorker.isJitCompiler(t[0])).mapToDouble(t -> Double.parseDouble(t[1])).sum();
    }

    /** Prints a network's row for one kind of time and returns its steps 11-30 / 200-250 ratio. */
    private static double report(String title, String time, List<Double> ms) {
        double early = Measurements.median(steps(ms, 11, 30));
        double steady = Measurements.median(steps(ms, 200, 250));
        double firstTwenty = steps(ms, 1, 20).stream().mapToDouble(Double::doubleValue).sum();
        StringJoiner blocks = new StringJoiner(" ");
        for (int first = 1; first + BLOCK - 1 <= ms.size(); first += BLOCK) {
            blocks.add(String.format(Locale.ROOT, "%.0f", Measurements.median(steps(ms, first, first + BLOCK - 1))));
        }
        System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f | %.2f | %.0f | %s |%n", title, time,
                Measurements.median(steps(ms, 1, 10)), early, steady, early / steady, firstTwenty - 20 * steady, blocks);
        return early / steady;
    }

    /** Steps {@code first … last} (numbered from 1) of the timed ones. */
    private static List<Double> steps(List<Double> ms, int first, int last) {
        return ms.subList(first - 1, last);
    }
}
