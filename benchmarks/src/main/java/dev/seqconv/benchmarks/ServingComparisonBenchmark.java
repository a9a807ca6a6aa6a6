package dev.seqconv.benchmarks;

import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.random.SeededRandom;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Serving speed of seqconv against PyTorch and ONNX Runtime, in one run, each subject in its own process (as
 * {@link ComparisonBenchmark} does, with the same {@link ComparisonBenchmark.Worker}s): for each network, the
 * seqconv model's weights, drawn from its seed, are saved to a seqconv weights file; each seqconv backend serves
 * them through a {@link dev.seqconv.api.inference.Predictor} with each strategy ({@link ServeWorker}; ND4J also with
 * {@link #UNCHECKED_JAVACPP}, and without its inference plans, {@link WithoutInferencePlans}); PyTorch 1.13
 * serves the reference script's network with the same weights mapped in ({@code chapter_nets.py --weights},
 * {@code torch.inference_mode}, 2 threads, clients as Python threads), and exports it with {@code
 * torch.onnx.export}; ONNX Runtime's Java API runs that export ({@link ServeWorker}, one session shared by the
 * client threads, 2 intra-op threads). Before any timing, every subject's batch-1 outputs on the pool's first 8
 * samples must agree with the first subject's within {@code --tolerance} (1e-4), or the run fails. Then, client
 * count by client count and subject by subject (so machine noise spreads over all), each subject serves one-sample
 * requests from C client threads; the one-client row gives the batch-1 latency. Prints a markdown table per
 * network.
 *
 * <p>Arguments: {@code --networks imdb,jena-conv-gru --clients 1,4,16,64 --seconds 3 --warmup 5
 * --backends nd4j,tensorflow --strategies ADAPTIVE,MICRO_BATCHING,SESSIONS --unchecked-javacpp true
 * --without-plans true --references true --python /usr/bin/python3 --script pytorch/chapter_nets.py
 * --tolerance 1e-4 --dir target/serving}; {@code --references false} leaves PyTorch and ONNX Runtime out (where
 * PyTorch is not installed: ONNX Runtime runs PyTorch's export).
 */
public final class ServingComparisonBenchmark {

    /**
     * The JVM option that stops JavaCPP from reading the process's resident size at every native allocation
     * (ND4J makes several per array): measured as an extra ND4J subject unless {@code --unchecked-javacpp false}.
     */
    static final String UNCHECKED_JAVACPP = "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0";

    private ServingComparisonBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        List<String> networks = options.list("networks", "imdb,jena-conv-gru");
        int[] clients = options.integers("clients", "1,4,16,64");
        String seconds = options.text("seconds", "3");
        String warmup = options.text("warmup", "5");
        List<String> strategies = options.list("strategies", "ADAPTIVE,MICRO_BATCHING,SESSIONS");
        List<String> backends = options.list("backends", "nd4j,tensorflow");
        String python = options.text("python", "/usr/bin/python3");
        String script = Path.of(options.text("script", "pytorch/chapter_nets.py")).toAbsolutePath().toString();
        double tolerance = options.number("tolerance", 1e-4);
        boolean uncheckedJavaCpp = Boolean.parseBoolean(options.text("unchecked-javacpp", "true"));
        boolean withoutPlans = Boolean.parseBoolean(options.text("without-plans", "true"));
        boolean references = Boolean.parseBoolean(options.text("references", "true"));
        Path dir = Files.createDirectories(Path.of(options.text("dir", "target/serving")).toAbsolutePath());
        String classpath = System.getProperty("java.class.path");
        System.out.printf(Locale.ROOT, "Serving: seqconv (Predictor) vs PyTorch 1.13 vs ONNX Runtime 1.20 (Java), "
                + "same weights; %s s per measurement, %s s warm-up before the first (1 s before the others); %s, %d "
                + "cores, Java %s%n", seconds, warmup, LocalDate.now(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        for (String id : networks) {
            BenchmarkNetwork network = BenchmarkNetwork.named(id);
            Path weights = dir.resolve(id + ".weights.h5");
            Path pool = dir.resolve(id + "-pool.bin");
            Path onnx = dir.resolve(id + ".onnx");
            try (Sequential model = network.build()) {
                model.saveWeights(weights);
            }
            writePool(network.data(ServeWorker.POOL_SIZE, new SeededRandom(ServeWorker.POOL_SEED))[0], pool);
            List<ComparisonBenchmark.Worker> workers = new ArrayList<>();
            try {
                for (String backend : backends) {
                    List<List<String>> jvmOptionSets = backend.equals("nd4j") && uncheckedJavaCpp
                            ? List.of(List.of(), List.of(UNCHECKED_JAVACPP)) : List.of(List.of());
                    for (List<String> jvmOptions : jvmOptionSets) {
                        for (String strategy : strategies) {
                            for (boolean plans : backend.equals("nd4j") && withoutPlans ? List.of(true, false)
                                    : List.of(true)) {
                                List<String> command = new ArrayList<>(List.of("java", "-Xmx4g"));
                                command.addAll(jvmOptions);
                                command.addAll(List.of("-cp", classpath, ServeWorker.class.getName(), "--network", id,
                                        "--subject", backend, "--strategy", strategy, "--weights", weights.toString(),
                                        "--plans", Boolean.toString(plans)));
                                List<String> label = new ArrayList<>(List.of("seqconv " + backend, strategy));
                                label.addAll(jvmOptions);
                                if (!plans) {
                                    label.add("without inference plans");
                                }
                                workers.add(new ComparisonBenchmark.Worker(String.join(", ", label), command));
                            }
                        }
                    }
                }
                if (references) {
                    workers.add(new ComparisonBenchmark.Worker("PyTorch 1.13, inference_mode", List.of(python,
                            script, "--network", id, "--threads", "2", "--weights", weights.toString(), "--pool",
                            pool.toString(), "--onnx", onnx.toString())));
                    workers.add(new ComparisonBenchmark.Worker("ONNX Runtime 1.20 (Java)", List.of("java", "-Xmx4g",
                            "-cp", classpath, ServeWorker.class.getName(), "--network", id, "--subject", "onnxruntime",
                            "--onnx", onnx.toString(), "--threads", "2")));
                }
                check(network, workers, tolerance);
                Map<ComparisonBenchmark.Worker, List<double[]>> served = new LinkedHashMap<>();
                workers.forEach(w -> served.put(w, new ArrayList<>()));
                for (int c : clients) {
                    for (ComparisonBenchmark.Worker w : workers) {
                        String[] answer = w.ask("serve " + c + " " + (c == clients[0] ? warmup : "1") + " " + seconds,
                                "served").split("\\s+");
                        served.get(w).add(Arrays.stream(answer).mapToDouble(Double::parseDouble).toArray());
                    }
                }
                for (ComparisonBenchmark.Worker w : workers) {
                    w.peakRssKb = Long.parseLong(w.ask("rss", "rss"));
                }
                report(network, clients, served);
            } finally {
                workers.forEach(ComparisonBenchmark.Worker::close);
            }
        }
    }

    /** The pool's values, little-endian int32 ids or float32 values, for the PyTorch worker. */
    private static void writePool(NdArray pool, Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(pool.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
        if (pool.dataType() == DataType.INT32) {
            bytes.asIntBuffer().put(pool.toIntArray());
        } else {
            bytes.asFloatBuffer().put(pool.toFloatArray());
        }
        Files.write(file, bytes.array());
    }

    /** Fails the run unless every subject's outputs agree with the first's within {@code tolerance}. */
    private static void check(BenchmarkNetwork network, List<ComparisonBenchmark.Worker> workers, double tolerance) {
        List<double[]> outputs = workers.stream()
                .map(w -> Arrays.stream(w.ask("check", "check").split(",")).mapToDouble(Double::parseDouble).toArray())
                .toList();
        double[] reference = outputs.get(0);
        StringBuilder report = new StringBuilder();
        boolean agree = true;
        for (int i = 0; i < workers.size(); i++) {
            double worst = 0;
            for (int j = 0; j < reference.length; j++) {
                worst = Math.max(worst, outputs.get(i).length == reference.length
                        ? Math.abs(outputs.get(i)[j] - reference[j]) : Double.POSITIVE_INFINITY);
            }
            agree &= worst <= tolerance;
            report.append(String.format(Locale.ROOT, "  %s: max |difference| %.3g; outputs %s%n", workers.get(i).name,
                    worst, Arrays.toString(outputs.get(i))));
        }
        System.out.printf(Locale.ROOT, "%n%s: batch-1 outputs of %d samples against %s's (tolerance %.0e)%n%s",
                network.title, ServeWorker.CHECKED, workers.get(0).name, tolerance, report);
        if (!agree) {
            throw new IllegalStateException("The subjects disagree beyond " + tolerance + " on " + network.title
                    + ": their weights or networks differ, so their timings are not comparable");
        }
    }

    private static void report(BenchmarkNetwork network, int[] clients,
                               Map<ComparisonBenchmark.Worker, List<double[]>> served) {
        System.out.printf(Locale.ROOT, "%n### %s%n%n| subject | batch-1 p50 ms | batch-1 p99 ms |", network.title);
        for (int c : clients) {
            System.out.printf(Locale.ROOT, " req/s, %d client%s |", c, c == 1 ? "" : "s");
        }
        System.out.printf(Locale.ROOT, " p99 ms, %d clients | peak RSS MB |%n| --- | ---: | ---: |%s ---: | ---: |%n",
                clients[clients.length - 1], " ---: |".repeat(clients.length));
        for (Map.Entry<ComparisonBenchmark.Worker, List<double[]>> e : served.entrySet()) {
            List<double[]> rows = e.getValue();
            System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f |", e.getKey().name, rows.get(0)[1], rows.get(0)[2]);
            for (double[] row : rows) {
                System.out.printf(Locale.ROOT, " %.0f |", row[0]);
            }
            System.out.printf(Locale.ROOT, " %.1f | %d |%n", rows.get(rows.size() - 1)[2], e.getKey().peakRssKb / 1024);
        }
    }
}
