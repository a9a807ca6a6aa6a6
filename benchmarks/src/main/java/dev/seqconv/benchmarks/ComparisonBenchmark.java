package dev.seqconv.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * seqconv against PyTorch on the chapter's networks, in one run and one process tree: for each network, a
 * worker process per subject (each seqconv backend in its own JVM, PyTorch through
 * {@code benchmarks/pytorch/chapter_nets.py} on Debian's python3-torch), all warmed up (200 steps by default:
 * TensorFlow's step settles after ~50, the ND4J backend's Java loop kernels after 150-200, as the JIT compiles
 * them) and then timed in interleaved rounds, so that machine noise hits every subject alike. Prints, per network, each subject's
 * start-up, median and spread of ms per step, ratio to PyTorch, GFLOP/s and share of the machine's sgemm peak
 * (measured in the same run), peak resident memory, and for seqconv's subjects the CPU ms of each step on all the
 * worker's threads ({@link StepWorker}'s {@code cpu}: less disturbed than the wall time when other processes load
 * the machine).
 *
 * <p>Arguments: {@code --networks imdb,jena-conv1d,jena-conv-gru --backends nd4j,tensorflow --batch 128 --warmup
 * 200 --steps 20 --rounds 4 --python /usr/bin/python3 --script pytorch/chapter_nets.py [--baseline-classpath CP]}.
 * With {@code --baseline-classpath}, each seqconv backend also runs from that class path (another build of
 * seqconv, e.g. the commit before a change), as a subject of its own in the same rounds: before and after in one
 * run.
 */
public final class ComparisonBenchmark {

    private ComparisonBenchmark() {
    }

    /** A worker process and its measurements (also {@link ServingComparisonBenchmark}'s). */
    static final class Worker implements AutoCloseable {
        final String name;
        final Process process;
        final BufferedReader out;
        final PrintWriter in;
        final double startupMs;
        final List<Double> stepMs = new ArrayList<>();
        /** The CPU ms of each timed step, for seqconv's workers ({@link StepWorker}'s {@code cpu}); else empty. */
        final List<Double> stepCpuMs = new ArrayList<>();
        long peakRssKb;

        Worker(String name, List<String> command) {
            this.name = name;
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
                builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
                builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
                long t0 = System.nanoTime();
                process = builder.start();
                out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
                answer("ready");
                startupMs = (System.nanoTime() - t0) / 1e6;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start " + command, e);
            }
        }

        /**
         * Sends a command and returns the rest of the first answer line that starts with {@code keyword}; an
         * {@code error ...} line fails the run with the worker's message.
         */
        String ask(String command, String keyword) {
            in.println(command);
            return answer(keyword);
        }

        private String answer(String keyword) {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith(keyword + " ")) {
                        return line.substring(keyword.length() + 1).trim();
                    }
                    if (line.startsWith("error ")) {
                        throw new IllegalStateException(name + ": " + line.substring(6));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            throw new IllegalStateException(name + " stopped before answering '" + keyword + "'");
        }

        void run(int steps) {
            Arrays.stream(ask("run " + steps, "times").split(",")).map(Double::parseDouble).forEach(stepMs::add);
        }

        /** The CPU ms of each step of the last {@link #run}, added to {@link #stepCpuMs} (seqconv's workers only). */
        void collectCpu() {
            Arrays.stream(ask("cpu", "cpu").split(",")).map(Double::parseDouble).forEach(stepCpuMs::add);
        }

        @Override
        public void close() {
            in.println("quit");
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    public static void main(String[] args) {
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        List<String> networks = options.list("networks", "imdb,jena-conv1d,jena-conv-gru");
        int batch = options.integer("batch", 128);
        int steps = options.integer("steps", 20);
        int rounds = options.integer("rounds", 4);
        int warmup = options.integer("warmup", 200);
        List<String> backends = options.list("backends", "nd4j,tensorflow");
        String baseline = options.text("baseline-classpath", "");
        String python = options.text("python", "/usr/bin/python3");
        String script = Path.of(options.text("script", "pytorch/chapter_nets.py")).toAbsolutePath().toString();

        double openBlas;
        try (Worker probe = new Worker("pytorch sgemm", List.of(python, script, "--network", "jena-conv1d",
                "--batch", "8"))) {
            openBlas = Double.parseDouble(probe.ask("sgemm", "sgemm"));
        }
        double oneDnn = SgemmPeak.oneDnnGflops();
        double peak = Math.max(openBlas, oneDnn);
        System.out.printf(Locale.ROOT, "seqconv vs PyTorch, batch %d, %d steps after %d of warm-up, in %d rounds; %s, "
                + "%d cores, Java %s; sgemm peak %.0f GFLOP/s, the faster of PyTorch's OpenBLAS (%.0f) and oneDNN "
                + "(%.0f) on 2048^3%n%n", batch, steps, warmup, rounds, LocalDate.now(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), peak, openBlas, oneDnn);
        for (String id : networks) {
            BenchmarkNetwork network = BenchmarkNetwork.named(id);
            List<Worker> workers = new ArrayList<>();
            try {
                for (String backend : backends) {
                    workers.add(stepWorker("seqconv " + backend, System.getProperty("java.class.path"), id, backend,
                            batch));
                    if (!baseline.isEmpty()) {
                        workers.add(stepWorker("seqconv " + backend + " (baseline)", baseline, id, backend, batch));
                    }
                }
                workers.add(new Worker("PyTorch 1.13" + (network == BenchmarkNetwork.JENA_CONV_GRU ? " (Keras-style GRU)" : ""),
                        List.of(python, script, "--network", id, "--batch", Integer.toString(batch))));
                if (network == BenchmarkNetwork.JENA_CONV_GRU) {
                    workers.add(new Worker("PyTorch 1.13 (fused nn.GRU, no recurrent dropout)", List.of(python, script,
                            "--network", "jena-conv-gru-fused", "--batch", Integer.toString(batch))));
                }
                workers.forEach(w -> w.ask("run " + warmup, "times"));
                for (int r = 0; r < rounds; r++) {
                    for (Worker w : workers) {
                        w.run(steps / rounds);
                        if (w.name.startsWith("seqconv")) {
                            w.collectCpu();
                        }
                    }
                }
                for (Worker w : workers) {
                    w.peakRssKb = Long.parseLong(w.ask("rss", "rss"));
                }
                report(network, batch, peak, workers);
            } finally {
                workers.forEach(Worker::close);
            }
        }
    }

    private static Worker stepWorker(String name, String classPath, String network, String backend, int batch) {
        return new Worker(name, List.of("java", "-Xmx8g", "-cp", classPath, StepWorker.class.getName(), "--network",
                network, "--backend", backend, "--batch", Integer.toString(batch)));
    }

    private static void report(BenchmarkNetwork network, int batch, double peak, List<Worker> workers) {
        double torch = Measurements.median(workers.stream().filter(w -> w.name.startsWith("PyTorch")).findFirst()
                .orElseThrow().stepMs);
        double gflop = network.gflopAt128 * batch / 128;
        System.out.printf(Locale.ROOT, "### %s (%.2f GFLOP per step)%n%n", network.title, gflop);
        System.out.println("| subject | start-up s | median ms/step | p10–p90 ms | × PyTorch | GFLOP/s | % sgemm peak "
                + "| peak RSS MB | CPU ms/step (p10–p90) |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Worker w : workers) {
            double median = Measurements.median(w.stepMs);
            double rate = gflop / (median / 1000);
            String cpu = w.stepCpuMs.isEmpty() ? "–" : String.format(Locale.ROOT, "%.1f (%.1f–%.1f)",
                    Measurements.median(w.stepCpuMs), Measurements.percentile(w.stepCpuMs, 0.1),
                    Measurements.percentile(w.stepCpuMs, 0.9));
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f–%.1f | %.2f | %.1f | %.0f %% | %d | %s |%n", w.name,
                    w.startupMs / 1000, median, Measurements.percentile(w.stepMs, 0.1), Measurements.percentile(w.stepMs, 0.9), median / torch,
                    rate, 100 * rate / peak, w.peakRssKb / 1024, cpu);
        }
        System.out.println();
    }
}
