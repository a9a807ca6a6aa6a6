package dev.seqconv.benchmarks;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.training.FitConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One seqconv backend training one network, as a worker process of {@link ComparisonBenchmark}, speaking the
 * same line protocol as the PyTorch worker ({@code benchmarks/pytorch/chapter_nets.py}): {@code ready <startup
 * ms>} after the backend has loaded, the model compiled and one step run; then {@code run N} → {@code times
 * ...}, {@code rss} → {@code rss <peak kB>}, {@code quit}; and, for this worker only, {@code cpu} → {@code cpu ...}:
 * the CPU ms each step of the last {@code run} took on all the process's threads but the JIT's compilers (less
 * disturbed by other processes on a busy machine than the wall-clock times); {@code threads} → {@code threads
 * NAME=ms,...}: the CPU ms of the last {@code run} per thread name (the JIT's compilers included), to see which
 * threads a step's time is spent on.
 *
 * <p>Arguments: {@code --network imdb|jena-conv1d|jena-conv-gru --backend nd4j|tensorflow --batch 128}.
 */
public final class StepWorker {

    /** Probe calls before the timed steps: a few thousand calls of each file read it makes, past C2's threshold. */
    private static final int PROBE_WARM_UP_CALLS = 1500;
    private static final long PROBE_COMPILE_WAIT_MS = 1000;

    private StepWorker() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        BenchmarkNetwork network = BenchmarkNetwork.named(options.required("network"));
        String backendId = options.required("backend");
        int batch = Integer.parseInt(options.required("batch"));
        NdArray[] data = network.data(batch, new SeededRandom(1));
        FitConfig oneStep = FitConfig.builder().epochs(1).batchSize(batch).shuffle(false).build();
        Backend backend = Backends.get(backendId);
        try (Sequential model = network.build()) {
            network.compile(model, backend);
            long startup = ManagementFactory.getRuntimeMXBean().getUptime();
            model.fit(data[0], data[1], oneStep);
            compileCpuProbe();
            StringJoiner[] cpu = {new StringJoiner(",")};
            AtomicReference<Map<String, Long>> threadsBefore = new AtomicReference<>(threadCpuNanos());
            AtomicReference<Map<String, Long>> threadsAfter = new AtomicReference<>(threadsBefore.get());
            WorkerCommands.answer(startup, Map.of("run", command -> {
                StringJoiner times = new StringJoiner(",");
                cpu[0] = new StringJoiner(",");
                threadsBefore.set(threadCpuNanos());
                for (int i = 0; i < Integer.parseInt(command[1]); i++) {
                    long c0 = stepCpuNanos();
                    long t0 = System.nanoTime();
                    model.fit(data[0], data[1], oneStep);
                    times.add(String.format(Locale.ROOT, "%.3f", (System.nanoTime() - t0) / 1e6));
                    cpu[0].add(String.format(Locale.ROOT, "%.3f", (stepCpuNanos() - c0) / 1e6));
                }
                threadsAfter.set(threadCpuNanos());
                System.out.println("times " + times);
            }, "cpu", command -> System.out.println("cpu " + cpu[0]), "threads", command -> {
                StringJoiner threads = new StringJoiner(",");
                threadsAfter.get().forEach((name, nanos) -> threads.add(String.format(Locale.ROOT, "%s=%.1f", name,
                        (nanos - threadsBefore.get().getOrDefault(name, 0L)) / 1e6)));
                System.out.println("threads " + threads);
            }));
        }
    }

    /**
     * Runs the per-step CPU probe until the JIT has compiled it, and gives the compilers time to finish: compiled
     * during the first timed steps, the probe's own code (file reads, parsing) took a core from them.
     */
    private static void compileCpuProbe() throws IOException, InterruptedException {
        for (int i = 0; i < PROBE_WARM_UP_CALLS; i++) {
            stepCpuNanos();
        }
        Thread.sleep(PROBE_COMPILE_WAIT_MS);
    }

    /**
     * The CPU time of the process's threads so far, but the JIT compilers' (which compile in the background), from
     * each thread's {@code /proc/self/task/ID/schedstat} (nanoseconds; the process-wide counters count 10 ms ticks).
     */
    private static long stepCpuNanos() throws IOException {
        long sum = 0;
        for (Map.Entry<String, Long> thread : threadCpuNanos().entrySet()) {
            if (!isJitCompiler(thread.getKey())) {
                sum += thread.getValue();
            }
        }
        return sum;
    }

    /** Whether a thread of this name ({@code /proc}'s 15-character cut) is one of the JIT's C1 or C2 compilers. */
    static boolean isJitCompiler(String threadName) {
        return threadName.contains("CompilerThre");
    }

    /**
     * The CPU time of the process's threads so far by thread name ({@code /proc/self/task/ID/comm}, which the
     * kernel cuts to 15 characters; threads of one name summed), from each thread's {@code schedstat}.
     */
    private static Map<String, Long> threadCpuNanos() throws IOException {
        Map<String, Long> byName = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip().replace(',', ';').replace('=', '-');
                    String schedstat = Files.readString(task.resolve("schedstat"));
                    byName.merge(name, Long.parseLong(schedstat.substring(0, schedstat.indexOf(' '))), Long::sum);
                } catch (NoSuchFileException ended) {
                    // a thread that ended while the directory was read
                }
            }
        }
        return byName;
    }
}
