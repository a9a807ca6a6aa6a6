package dev.seqconv.benchmarks;

import dev.seqconv.api.callbacks.Logs;
import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.network.LayerStack;
import dev.seqconv.api.network.ModelWeights;
import dev.seqconv.api.training.ShardGradients;
import dev.seqconv.datasets.imdb.Imdb;
import dev.seqconv.datasets.imdb.ImdbOptions;
import dev.seqconv.models.ImdbNetworks;
import dev.seqconv.spark.ShardExchange;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The barrier tasks' all-reduce ({@code ShardExchange}, as {@code GradientExchange.BARRIER_SEGMENTS} runs it) between
 * {@code N} participant JVMs on loopback, per algorithm: ms per all-reduce against the gradients' size (a few bytes,
 * for the per-message latency, then the Jena network's 55 KB, 1 MB, the IMDB network's 5.26 MB and 20 MB). Each
 * participant times its own all-reduces after a warm-up, the algorithms' (and zero-row shares') all-reduces taking
 * turns so that all meet the same load; a row gives the slowest participant's median and mean wall time and the
 * participants' mean CPU time (all their threads), which a loaded machine stretches less than the wall time.
 * {@code --zero-rows 0,0.425} also zeroes that share of each participant's kernel rows (the share of the IMDB
 * network's gradient floats in Embedding rows a shard of 256 reviews leaves untouched), which travel as runs of
 * zeros.
 *
 * <pre>
 * mvn -q -pl benchmarks exec:exec -Dbench.main=dev.seqconv.benchmarks.ExchangeBenchmark \
 *     -Dbench.args="--tasks 2,4,8 --algorithms DIRECT,HALVING_DOUBLING --zero-rows 0,0.425"
 * </pre>
 *
 * <p>With {@code --imdb-rows ../shared/data/imdb} it measures instead what skipping exact-zero rows would save:
 * for shards of {@code --shard 256} samples of the IMDB training split (10,000 words, 500 ids), the share of the
 * network's gradient floats in Embedding rows no id of the shard touches (exact zeros in its gradient), and the
 * share untouched by a global batch of {@code N} such shards (zeros in the combined gradient).
 */
public final class ExchangeBenchmark {

    /** The floats of each payload: 2 floats, then about 55 KB, 1 MB, 5.26 MB and 20 MB of gradients. */
    private static final String PAYLOADS = "2,13790,262144,1315000,5242880";
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private ExchangeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        if (options.text("participant", null) != null) {
            participate(options);
        } else if (options.text("imdb-rows", null) != null) {
            untouchedRows(Path.of(options.required("imdb-rows")), options.integer("shard", 256));
        } else {
            measure(options);
        }
    }

    private static void measure(BenchmarkOptions options) throws Exception {
        System.out.printf("Exchange between participant JVMs on loopback, %s, %d cores, load %s%n", LocalDate.now(),
                Runtime.getRuntime().availableProcessors(), loadAverage());
        System.out.println("| tasks | algorithm | zero rows | payload KB | median ms | mean ms | CPU ms per task |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int tasks : options.integers("tasks", "2,4,8")) {
            List<String> algorithms = options.list("algorithms", "DIRECT,HALVING_DOUBLING").stream()
                    .filter(name -> Integer.bitCount(tasks) == 1
                            || ShardExchange.Algorithm.valueOf(name) != ShardExchange.Algorithm.HALVING_DOUBLING)
                    .toList();
            runParticipants(tasks, String.join(",", algorithms), options.text("zero-rows", "0"),
                    options.text("payloads", PAYLOADS));
        }
        System.out.println("load after: " + loadAverage());
    }

    /**
     * Starts {@code tasks} participant JVMs, tells each the others' addresses (once per algorithm), prints their
     * timings.
     */
    private static void runParticipants(int tasks, String algorithms, String zeroRows, String payloads)
            throws Exception {
        List<Process> processes = new ArrayList<>();
        try {
            for (int self = 0; self < tasks; self++) {
                processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx1g", "-cp", System.getProperty("java.class.path"), ExchangeBenchmark.class.getName(),
                        "--participant", Integer.toString(self), "--tasks", Integer.toString(tasks),
                        "--algorithms", algorithms, "--zero-rows", zeroRows, "--payloads", payloads)
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start());
            }
            List<BufferedReader> answers = new ArrayList<>();
            for (Process process : processes) {
                answers.add(new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8)));
            }
            for (String ignored : algorithms.split(",")) {
                String[] addresses = new String[tasks];
                for (int self = 0; self < tasks; self++) {
                    addresses[self] = expect(answers.get(self), "address")[1];
                }
                for (Process process : processes) {
                    PrintStream in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
                    in.println(String.join(" ", addresses));
                }
            }
            int subjects = algorithms.split(",").length * zeroRows.split(",").length;
            for (int row = 0; row < payloads.split(",").length * subjects; row++) {
                double median = 0;
                double mean = 0;
                double cpu = 0;
                String[] result = null;
                for (BufferedReader answer : answers) {
                    result = expect(answer, "result");
                    median = Math.max(median, Double.parseDouble(result[4]));
                    mean = Math.max(mean, Double.parseDouble(result[5]));
                    cpu += Double.parseDouble(result[6]) / tasks;
                }
                System.out.printf(Locale.ROOT, "| %d | %s | %s | %.3f | %.3f | %.3f | %.3f |%n", tasks, result[1],
                        result[2], Integer.parseInt(result[3]) * 4 / 1024.0, median, mean, cpu);
            }
            for (Process process : processes) {
                if (process.waitFor() != 0) {
                    throw new IllegalStateException("A participant exited with " + process.exitValue());
                }
            }
        } finally {
            processes.forEach(Process::destroy);
        }
    }

    private static String[] expect(BufferedReader answer, String word) throws IOException {
        String line = answer.readLine();
        if (line == null || !line.startsWith(word + " ")) {
            throw new IllegalStateException("A participant said " + line + " where '" + word + " ...' was expected "
                    + "(its error is above)");
        }
        return line.split(" ");
    }

    /**
     * One participant: an exchange per algorithm (its address out, everyone's in), then for each payload the
     * all-reduces of every algorithm and zero-row share, in turn, so that all meet the same load.
     */
    private static void participate(BenchmarkOptions options) throws IOException {
        int self = options.integer("participant", 0);
        int tasks = options.integer("tasks", 2);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        List<ShardExchange> exchanges = new ArrayList<>();
        List<String> names = options.list("algorithms", "DIRECT");
        List<String> shares = options.list("zero-rows", "0");
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try {
            for (String name : names) {
                exchanges.add(ShardExchange.open(self, tasks, "127.0.0.1", TIMEOUT, address -> {
                    System.out.println("address " + address);
                    System.out.flush();
                    try {
                        return in.readLine().split(" ");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, ShardExchange.Algorithm.valueOf(name)));
            }
            for (int floats : options.integers("payloads", PAYLOADS)) {
                ModelWeights layout = layout(floats).initialWeights(0);
                List<ShardGradients> parts = new ArrayList<>();
                for (String share : shares) {
                    parts.add(new ShardGradients(64, new Logs(Map.of("loss", 0.5 + self)),
                            zeroRows(layout(floats).initialWeights(1 + self), Double.parseDouble(share),
                                    new Random(self))));
                }
                int reps = floats < 1_000 ? 2_000 : floats < 100_000 ? 400 : floats < 2_000_000 ? 30 : 10;
                double[][] ms = new double[exchanges.size() * parts.size()][reps];
                double[] cpuMs = new double[ms.length];
                for (int rep = -reps / 2; rep < reps; rep++) {
                    for (int e = 0; e < exchanges.size(); e++) {
                        for (int z = 0; z < parts.size(); z++) {
                            long start = System.nanoTime();
                            long cpuStart = os.getProcessCpuTime();
                            exchanges.get(e).allReduce(parts.get(z), layout);
                            if (rep >= 0) {
                                ms[e * parts.size() + z][rep] = (System.nanoTime() - start) / 1e6;
                                cpuMs[e * parts.size() + z] += (os.getProcessCpuTime() - cpuStart) / 1e6 / reps;
                            }
                        }
                    }
                }
                for (int e = 0; e < exchanges.size(); e++) {
                    for (int z = 0; z < parts.size(); z++) {
                        double[] times = ms[e * parts.size() + z];
                        double mean = Arrays.stream(times).average().orElseThrow();
                        Arrays.sort(times);
                        System.out.printf(Locale.ROOT, "result %s %s %d %.4f %.4f %.4f%n", names.get(e),
                                shares.get(z), layout.toList().stream().mapToLong(a -> a.shape().size()).sum(),
                                times[reps / 2], mean, cpuMs[e * parts.size() + z]);
                    }
                }
                System.out.flush();
            }
        } finally {
            exchanges.forEach(ShardExchange::close);
        }
    }

    /**
     * {@code gradients} with each row of its kernel all {@code +0.0} with probability {@code share}, as an Embedding
     * row no id of the shard touched.
     */
    private static ModelWeights zeroRows(ModelWeights gradients, double share, Random random) {
        return gradients.map((layer, weight, array) -> {
            if (array.shape().rank() != 2) {
                return array;
            }
            float[] values = array.toFloatArray();
            int row = array.shape().dim(1);
            for (int from = 0; from < values.length; from += row) {
                if (random.nextDouble() < share) {
                    Arrays.fill(values, from, from + row, 0f);
                }
            }
            return NdArray.wrapFloats(array.shape(), values);
        });
    }

    /** A network of about {@code floats} weights: {@code Dense(u)} on 1,000 features, or on one for tiny ones. */
    private static LayerStack layout(int floats) {
        int features = floats < 2_002 ? 1 : 1_000;
        int units = Math.max(1, Math.round(floats / (features + 1f)));
        return new LayerStack(Input.floats(features), List.of(Dense.of(units)));
    }

    /** What skipping the exact-zero Embedding rows of the IMDB network's gradients would save. */
    private static void untouchedRows(Path directory, int shard) {
        int words = ImdbNetworks.MAX_FEATURES;
        int length = ImdbNetworks.MAX_LEN;
        long weights = ImdbNetworks.conv1dSigmoid(words, length, 42).parameterCount();
        int rowFloats = 128;
        int[] ids = Imdb.fromDirectory(directory).load(ImdbOptions.numWords(words)).train().x(length).toIntArray();
        int samples = ids.length / length;
        System.out.printf("IMDB training split, %d samples, %d words × %d ids, %,d weights (Embedding %,d); "
                + "shards of %d samples%n", samples, words, length, weights, (long) words * rowFloats, shard);
        System.out.println("| shards in the batch | batches | untouched rows (min-mean-max) | share of the gradient's "
                + "floats (mean) |");
        System.out.println("|---|---|---|---|");
        for (int shards : new int[] {1, 2, 4, 8, 32}) {
            int batch = shard * shards;
            int batches = samples / batch;
            int min = Integer.MAX_VALUE;
            int max = 0;
            long sum = 0;
            for (int b = 0; b < batches; b++) {
                BitSet touched = new BitSet(words);
                for (int i = b * batch * length; i < (b + 1) * batch * length; i++) {
                    touched.set(ids[i]);
                }
                int untouched = words - touched.cardinality();
                min = Math.min(min, untouched);
                max = Math.max(max, untouched);
                sum += untouched;
            }
            double mean = (double) sum / batches;
            System.out.printf(Locale.ROOT, "| %d | %d | %d - %.0f - %d | %.1f %% |%n", shards, batches, min, mean, max,
                    100 * mean * rowFloats / weights);
        }
    }

    private static String loadAverage() {
        try {
            return String.join(" ", Arrays.copyOf(
                    Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (IOException e) {
            return "unknown";
        }
    }
}
