package dev.seqconv.benchmarks;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.callbacks.Callback;
import dev.seqconv.api.callbacks.Logs;
import dev.seqconv.api.data.Batch;
import dev.seqconv.api.losses.BinaryCrossentropy;
import dev.seqconv.api.metrics.BinaryAccuracy;
import dev.seqconv.api.training.FitConfig;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.training.ShardGradients;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.network.ModelWeights;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.losses.MeanSquaredError;
import dev.seqconv.api.metrics.MeanAbsoluteErrorMetric;
import dev.seqconv.models.ImdbNetworks;
import dev.seqconv.models.JenaNetworks;
import dev.seqconv.spark.FeatureColumn;
import dev.seqconv.spark.GradientExchange;
import dev.seqconv.spark.ModelRecipe;
import dev.seqconv.spark.SegmentTimes;
import dev.seqconv.spark.SparkTraining;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Data-parallel training on Spark of the chapter's IMDB network (10,000 words, 500 ids, 1.3 M weights) or its
 * Jena Conv1D+GRU network (240 steps of 14 features, 13,793 weights), on this machine, in four setups:
 * {@code local[1]} with 1 shard, {@code local[2]} with 2, and executors in JVMs of their own
 * ({@code local-cluster[N,1,2048]}) with {@code N} = 2 and 4 shards ({@code --setups cluster}: these two only), the
 * gradients exchanged as each of {@code --exchange} says ({@code driver}: {@link GradientExchange#DRIVER_GATHER};
 * {@code barrier}: {@link GradientExchange#BARRIER_SEGMENTS} in segments of {@code --steps} steps; both by default).
 * For each: ms per training step (the wall time of the last {@code --steps} steps over their count, after warm-up;
 * with barrier segments, one whole segment with its fixed cost), the shard's compute alone (in process), an empty
 * Spark job over the shards, the driver-gather step's exchange alone (the weights broadcast, the shards' gradients
 * collected: a job that computes nothing; these two NaN where {@code --exchange barrier} leaves the driver gather
 * out) with its bytes, and samples per second. For barrier segments, from inside
 * the timed segment's tasks ({@link SegmentTimes}): the segment's fixed cost (its time on the driver less its tasks'
 * steps), the all-reduce alone per step (the least of the tasks' all-reduce times, median over the steps: the
 * tasks that computed faster wait in theirs for the slowest) with the bytes each task sends, and each step's mean
 * and slowest shard compute (means over the steps), the steps' slowest / mean and the shards' coefficient of
 * variation, and a replica's update. docs/scaling.md builds its cost model from these figures.
 *
 * <p>With {@code --engine-threads T1,T2,…} each setup runs once per entry, in that order, its executors' engines
 * on that many threads ({@code 0}, the default: the engines' own choice, the machine's cores; {@code 1}: what a
 * one-core Spark executor should use): {@code 0,1,0,1} alternates the two, so both meet the same load.
 *
 * <p>With {@code --segment-epochs E}: {@code local[2]} with 2 shards only, barrier segments of one epoch against
 * segments of {@code E} epochs, on a table of one epoch of {@code --steps} steps: after {@code --warm-up} epochs,
 * {@code --rounds} rounds (3 by default) of a fit of {@code 2E} epochs in each way, alternating; ms per step is a fit's
 * wall time from its start to its last epoch's end over its steps, layouts and segment starts included.
 *
 * <pre>
 * mvn -q -pl benchmarks exec:exec -Dbench.main=dev.seqconv.benchmarks.SparkScalingBenchmark \
 *     -Dbench.args="--network imdb --backend nd4j --batch-size 128 --warm-up 150 --steps 30"
 * mvn -q -pl benchmarks exec:exec -Dbench.main=dev.seqconv.benchmarks.SparkScalingBenchmark \
 *     -Dbench.args="--network imdb --backend nd4j --batch-size 128 --warm-up 8 --steps 4 --segment-epochs 4"
 * mvn -q -pl benchmarks exec:exec -Dbench.main=dev.seqconv.benchmarks.SparkScalingBenchmark \
 *     -Dbench.args="--network imdb --batch-size 256 --warm-up 10 --steps 20 --setups cluster --exchange barrier \
 *     --engine-threads 0,1,0,1"
 * </pre>
 */
public final class SparkScalingBenchmark {

    private static final int REPEATS = 15;

    /** The Jena network's window: section 6.4's 240 steps. */
    private static final int JENA_STEPS = 240;

    private SparkScalingBenchmark() {
    }

    /** A Spark master with its shards, its executors' engines on {@code threads} threads (0: the engines' choice). */
    private record Setup(String master, int shards, int threads) {

        Setup(String master, int shards) {
            this(master, shards, 0);
        }

        Setup withThreads(int engineThreads) {
            return new Setup(master, shards, engineThreads);
        }

        String label() {
            return threads == 0 ? master : master + ", " + threads + " engine thread" + (threads == 1 ? "" : "s");
        }
    }

    /** ms per training step and, with barrier segments, the times of the timed segment. */
    private record Step(double millis, SegmentTimes segment) {
    }

    public static void main(String[] args) throws IOException {
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        String backend = options.text("backend", "nd4j");
        int batch = options.integer("batch-size", 128);
        int warmUp = options.integer("warm-up", 150);
        int steps = options.integer("steps", 30);
        List<GradientExchange> exchanges = options.list("exchange", "driver,barrier").stream()
                .map(e -> e.equals("barrier") ? GradientExchange.BARRIER_SEGMENTS : GradientExchange.DRIVER_GATHER)
                .toList();
        List<Setup> setups = new ArrayList<>(List.of(new Setup("local[1]", 1), new Setup("local[2]", 2),
                new Setup("local-cluster[2,1,2048]", 2), new Setup("local-cluster[4,1,2048]", 4)));
        if (options.text("setups", "all").equals("cluster")) {
            setups.removeIf(setup -> !setup.master().startsWith("local-cluster"));
        }
        List<Integer> engineThreads = options.list("engine-threads", "0").stream().map(Integer::valueOf).toList();
        Workload workload = options.text("network", "imdb").equals("jena") ? Workload.JENA : Workload.IMDB;
        Files.createDirectories(Path.of(System.getenv().getOrDefault("SPARK_HOME", "spark-home"), "jars"));
        int segmentEpochs = options.integer("segment-epochs", 0);
        if (segmentEpochs > 0) {
            segmentLengths(workload, backend, batch, steps, segmentEpochs, warmUp, options.integer("rounds", 3));
            return;
        }
        int samples = (warmUp + steps) * batch;
        System.out.printf(Locale.ROOT, "%s on %s, %s, global batch %d, %d warm-up and %d timed steps, %d cores, %s%n",
                workload, backend, exchanges, batch, warmUp, steps, Runtime.getRuntime().availableProcessors(),
                LocalDate.now());
        System.out.println("| setup | shards | exchange | ms/step | shard compute ms | empty job ms | exchange ms "
                + "| exchange MB/step | samples/s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        String parts = "";
        List<String> segments = new ArrayList<>();
        for (Setup configured : setups) {
            for (int run = 0; run < engineThreads.size(); run++) {
                int threads = engineThreads.get(run);
                Setup setup = configured.withThreads(threads);
                SparkSession spark = engineThreads(SparkSession.builder().master(setup.master())
                        .appName("seqconv-scaling").config("spark.ui.enabled", "false")
                        .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                        .config("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE")
                        .config("spark.executorEnv.TF_CPP_MIN_LOG_LEVEL", "2"), threads)
                        .getOrCreate();
                try (Sequential model = workload.recipe.build(Backends.get(backend))) {
                    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                    if (threads > 0) {
                        System.out.println(setup.label() + ": executors' processors / OMP_NUM_THREADS / "
                                + "TF_NUM_INTRAOP_THREADS: " + executorThreads(jsc, setup.shards()));
                    }
                    List<Step> stepTimes = new ArrayList<>();
                    for (GradientExchange exchange : exchanges) {
                        try (Sequential trained = workload.recipe.build(Backends.get(backend))) {
                            stepTimes.add(trainingStep(spark, jsc, workload, trained, samples, backend, batch,
                                    setup.shards(), steps, exchange));
                        }
                    }
                    double compute = shardCompute(model, workload.batch(batch / setup.shards()), warmUp);
                    boolean gathers = exchanges.contains(GradientExchange.DRIVER_GATHER);
                    double empty = gathers ? emptyJob(jsc, setup.shards()) : Double.NaN;
                    ModelWeights weights = model.weights();
                    double exchangeMs = gathers ? exchange(jsc, weights, setup.shards()) : Double.NaN;
                    double megabytes = (1 + setup.shards()) * serialize(weights).length / 1e6;
                    for (int e = 0; e < exchanges.size(); e++) {
                        double step = stepTimes.get(e).millis();
                        System.out.printf(Locale.ROOT, "| %s | %d | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f |%n",
                                setup.label(), setup.shards(), exchanges.get(e), step, compute, empty, exchangeMs,
                                megabytes, batch / step * 1000);
                        if (stepTimes.get(e).segment() != null) {
                            segments.add(segmentLine(setup, stepTimes.get(e).segment(), parameters(weights)));
                            System.out.println("Inside its timed segment: " + segments.get(segments.size() - 1));
                        }
                    }
                    if (setup.shards() == 2 && setup.master().startsWith("local[") && run == 0) {
                        parts = parts(model, workload.batch(batch / 2), warmUp) + "\n" + jobsByTasks(jsc);
                    }
                } finally {
                    spark.stop();
                }
            }
        }
        if (!segments.isEmpty()) {
            System.out.println();
            System.out.println("Inside the timed barrier segment (ms; compute and exchange per step):");
            System.out.println();
            System.out.println("| setup | shards | segment | its fixed cost | all-reduce | MB sent per task | all-reduce "
                    + "ms per MB | update | mean shard compute | slowest shard compute | slowest / mean "
                    + "| per step slowest / mean: median, 90th percentile | CV across shards |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            segments.forEach(System.out::println);
        }
        System.out.println();
        System.out.println(parts);
    }

    /**
     * The timed segment's row: its time on the driver, its fixed cost (that less the longest of its tasks' steps),
     * the all-reduce alone (per step the least of the tasks' all-reduce times, whose task computed last and waited
     * least; the median over the steps), the {@code 2(N−1)/N · 4L} bytes a task sends a step, a replica's update
     * (median over the steps and tasks), and the shards' compute per step, mean and slowest (each a mean over the
     * steps), with the straggler step by step: the median and 90th percentile of the steps' slowest / mean, and the
     * shards' coefficient of variation (per step the sample standard deviation across the shards over their mean,
     * pooled over the steps as the root of the mean square), which is {@code CV} in docs/scaling/cost_model.py.
     */
    private static String segmentLine(Setup setup, SegmentTimes segment, long parameters) {
        int steps = segment.tasks().get(0).computeNanos().length;
        int n = segment.tasks().size();
        List<Double> exchanges = new ArrayList<>();
        List<Double> updates = new ArrayList<>();
        List<Double> slowestOverMean = new ArrayList<>();
        double meanCompute = 0;
        double slowestCompute = 0;
        double squaredVariation = 0;
        long longestSteps = 0;
        for (int i = 0; i < steps; i++) {
            long least = Long.MAX_VALUE;
            long slowest = 0;
            double sum = 0;
            double squares = 0;
            for (SegmentTimes.TaskTimes task : segment.tasks()) {
                least = Math.min(least, task.exchangeNanos()[i]);
                slowest = Math.max(slowest, task.computeNanos()[i]);
                sum += task.computeNanos()[i];
                squares += (double) task.computeNanos()[i] * task.computeNanos()[i];
                updates.add(task.updateNanos()[i] / 1e6);
            }
            double mean = sum / n;
            exchanges.add(least / 1e6);
            slowestOverMean.add(slowest / mean);
            squaredVariation += n < 2 ? 0 : (squares - n * mean * mean) / (n - 1) / (mean * mean) / steps;
            meanCompute += mean / 1e6 / steps;
            slowestCompute += slowest / 1e6 / steps;
        }
        for (SegmentTimes.TaskTimes task : segment.tasks()) {
            longestSteps = Math.max(longestSteps, task.stepsNanos());
        }
        double megabytes = 2.0 * (n - 1) / n * 4 * parameters / 1e6;
        double exchange = Measurements.median(exchanges);
        return String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.2f | %.3f | %s | %.2f | %.1f | %.1f | %.2f "
                        + "| %.3f, %.3f | %.3f |", setup.label(), n, segment.nanos() / 1e6,
                (segment.nanos() - longestSteps) / 1e6, exchange, megabytes,
                n == 1 ? "-" : String.format(Locale.ROOT, "%.2f", exchange / megabytes), Measurements.median(updates),
                meanCompute, slowestCompute, slowestCompute / meanCompute, Measurements.median(slowestOverMean),
                Measurements.percentile(slowestOverMean, 0.9), Math.sqrt(Math.max(0, squaredVariation)));
    }

    /**
     * {@code builder} with executors whose engines use {@code threads} threads (0: the engines' own choice, the
     * machine's cores): OpenMP's team for ND4J's natives and oneDNN, TensorFlow's intra-op pool, and the
     * processors the executor JVM reports ({@code -XX:ActiveProcessorCount}), which size the ND4J backend's
     * Java worker threads. The setting Spark's one-core executors need on a machine of more cores.
     */
    private static SparkSession.Builder engineThreads(SparkSession.Builder builder, int threads) {
        if (threads == 0) {
            return builder;
        }
        return builder.config("spark.executorEnv.OMP_NUM_THREADS", Integer.toString(threads))
                .config("spark.executorEnv.TF_NUM_INTRAOP_THREADS", Integer.toString(threads))
                .config("spark.executorEnv.TF_NUM_INTEROP_THREADS", "1")
                .config("spark.executor.extraJavaOptions", "-XX:ActiveProcessorCount=" + threads);
    }

    /** What each of {@code shards} tasks' executors reports: its processors and its engines' thread settings. */
    private static List<String> executorThreads(JavaSparkContext jsc, int shards) {
        return jsc.parallelize(slots(shards), shards).map(i -> Runtime.getRuntime().availableProcessors() + " / "
                + System.getenv("OMP_NUM_THREADS") + " / " + System.getenv("TF_NUM_INTRAOP_THREADS")).collect();
    }

    private static long parameters(ModelWeights weights) {
        return weights.toList().stream().mapToLong(w -> w.shape().size()).sum();
    }

    /**
     * The ms of a training step on Spark: the wall time of the epoch's last {@code timed} steps over their count
     * (with barrier segments of {@code timed} steps, the last segment, whose steps the driver hears of at its end,
     * and that segment's times).
     */
    private static Step trainingStep(SparkSession spark, JavaSparkContext jsc, Workload workload, Sequential model,
                                     int samples, String backend, int batch, int shards, int timed,
                                     GradientExchange exchange) {
        Dataset<Row> table = spark.createDataFrame(jsc.parallelize(slots(samples), 4).map(workload::row),
                workload.schema());
        StepEnds ends = new StepEnds();
        SparkTraining.Builder training = SparkTraining.builder(workload.recipe).features(workload.features)
                .label("label").shards(shards).backend(backend).exchange(exchange);
        List<SegmentTimes> segments = new ArrayList<>();
        if (exchange == GradientExchange.BARRIER_SEGMENTS) {
            training.segmentSteps(timed).segmentTimes(segments::add);
        }
        training.build().fit(model, table, FitConfig.builder().batchSize(batch).shuffleSeed(1L).callbacks(ends)
                .build());
        int last = ends.nanos.size() - 1;
        return new Step((ends.nanos.get(last) - ends.nanos.get(last - timed)) / 1e6 / timed,
                segments.isEmpty() ? null : segments.get(segments.size() - 1));
    }

    /**
     * Barrier segments of one epoch against segments of {@code segmentEpochs} epochs on {@code local[2]}, epochs
     * of {@code steps} steps: prints each fit's ms per step, the two ways alternating.
     */
    private static void segmentLengths(Workload workload, String backend, int batch, int steps, int segmentEpochs,
                                       int warmUpEpochs, int rounds) {
        System.out.printf(Locale.ROOT, "%s on %s, local[2], 2 shards, global batch %d, epochs of %d steps, fits of %d "
                        + "epochs after %d warm-up epochs, %d cores, %s%n", workload, backend, batch, steps,
                2 * segmentEpochs, warmUpEpochs, Runtime.getRuntime().availableProcessors(), LocalDate.now());
        System.out.println("| round | segments of 1 epoch, ms/step | segments of " + segmentEpochs + " epochs, ms/step |");
        System.out.println("|---|---|---|");
        SparkSession spark = SparkSession.builder().master("local[2]").appName("seqconv-segments")
                .config("spark.ui.enabled", "false")
                .config("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE")
                .getOrCreate();
        try (Sequential model = workload.recipe.build(Backends.get(backend))) {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            Dataset<Row> table = spark.createDataFrame(jsc.parallelize(slots(steps * batch), 2).map(workload::row),
                    workload.schema()).cache();
            segmentedFit(model, table, workload, backend, batch, 1, warmUpEpochs);
            for (int round = 1; round <= rounds; round++) {
                double oneEpoch = segmentedFit(model, table, workload, backend, batch, 1, 2 * segmentEpochs);
                double joined = segmentedFit(model, table, workload, backend, batch, segmentEpochs, 2 * segmentEpochs);
                System.out.printf(Locale.ROOT, "| %d | %.1f | %.1f |%n", round, oneEpoch, joined);
            }
        } finally {
            spark.stop();
        }
    }

    /** The ms per step of a fit of {@code epochs} epochs in barrier segments of {@code segmentEpochs} epochs. */
    private static double segmentedFit(Sequential model, Dataset<Row> table, Workload workload, String backend,
                                       int batch, int segmentEpochs, int epochs) {
        StepEnds ends = new StepEnds();
        long start = System.nanoTime();
        SparkTraining.builder(workload.recipe).features(workload.features).label("label").shards(2).backend(backend)
                .exchange(GradientExchange.BARRIER_SEGMENTS).segmentEpochs(segmentEpochs).build()
                .fit(model, table, FitConfig.builder().batchSize(batch).shuffleSeed(1L).epochs(epochs).callbacks(ends)
                        .build());
        return (ends.nanos.get(ends.nanos.size() - 1) - start) / 1e6 / ends.nanos.size();
    }

    /** The median ms of one shard's gradients on this JVM's model: the compute inside a Spark step. */
    private static double shardCompute(Sequential model, Batch shard, int warmUp) {
        return Measurements.medianMillis(warmUp, REPEATS, r -> model.computeGradients(shard, r, 0));
    }

    /**
     * The engine work of a step, each part alone (mean ms after warm-up): the driver reads its weights, a replica
     * takes them, the shard's gradients, the driver combines two shards' and applies the update.
     */
    private static String parts(Sequential model, Batch shard, int warmUp) {
        double[] sums = new double[5];
        for (int r = 0; r < warmUp + REPEATS; r++) {
            long t0 = System.nanoTime();
            ModelWeights weights = model.weights();
            long t1 = System.nanoTime();
            model.setWeights(weights);
            long t2 = System.nanoTime();
            ShardGradients gradients = model.computeGradients(shard, r, 0);
            long t3 = System.nanoTime();
            ShardGradients combined = ShardGradients.combine(List.of(gradients, gradients));
            long t4 = System.nanoTime();
            model.applyGradients(combined.gradients());
            long t5 = System.nanoTime();
            if (r >= warmUp) {
                long[] times = {t0, t1, t2, t3, t4, t5};
                for (int i = 0; i < sums.length; i++) {
                    sums[i] += (times[i + 1] - times[i]) / 1e6;
                }
            }
        }
        ModelWeights weights = model.weights();
        double serialization = Measurements.medianMillis(40, REPEATS, r -> deserialize(serialize(weights)));
        return String.format(Locale.ROOT, "Parts (ms): driver reads weights %.1f, replica takes them %.1f, "
                + "gradients of %d samples %.1f, combining 2 shards %.1f, applying the update %.1f, "
                + "weights serialized and deserialized %.1f", sums[0] / REPEATS, sums[1] / REPEATS, shard.size(),
                sums[2] / REPEATS, sums[3] / REPEATS, sums[4] / REPEATS, serialization);
    }

    /** The median ms of an empty job over 1 to 128 tasks. */
    private static String jobsByTasks(JavaSparkContext jsc) {
        StringBuilder line = new StringBuilder("Empty job by tasks (ms):");
        for (int tasks : new int[] {1, 2, 8, 32, 128}) {
            line.append(String.format(Locale.ROOT, " %d: %.1f", tasks, emptyJob(jsc, tasks)));
        }
        return line.toString();
    }

    /** The median ms of a Spark job of {@code shards} tasks that do nothing. */
    private static double emptyJob(JavaSparkContext jsc, int shards) {
        List<Integer> slots = slots(shards);
        return Measurements.medianMillis(5, REPEATS, r -> jsc.parallelize(slots, shards).foreach(i -> { }));
    }

    /**
     * The median ms of a step's exchange without its compute: the weights broadcast, read by each of
     * {@code shards} tasks, and one weights-sized gradient per task collected on the driver.
     */
    private static double exchange(JavaSparkContext jsc, ModelWeights weights, int shards) {
        List<Integer> slots = slots(shards);
        return Measurements.medianMillis(5, REPEATS, r -> {
            Broadcast<ModelWeights> current = jsc.broadcast(weights);
            List<ShardGradients> parts = jsc.parallelize(slots, shards)
                    .map(i -> new ShardGradients(1, new Logs(Map.of("loss", 0.0)), current.value()))
                    .collect();
            ShardGradients.combine(parts);
            current.destroy();
        });
    }

    /** {@code value} in Java serialization, as Spark serializes task results. */
    private static byte[] serialize(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Object deserialize(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Integer> slots(int count) {
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            slots.add(i);
        }
        return slots;
    }

    /** A network with its seeded table: its rows, their schema, and a batch of its first rows as arrays. */
    private enum Workload {
        IMDB(b -> {
            Sequential model = ImdbNetworks.conv1dSigmoid(ImdbNetworks.MAX_FEATURES, ImdbNetworks.MAX_LEN, 42);
            model.compile(b, new RMSprop(1e-4f), new BinaryCrossentropy(), new BinaryAccuracy());
            return model;
        }, FeatureColumn.tokenIds("x"), ImdbNetworks.MAX_LEN, DataTypes.IntegerType),
        JENA(b -> {
            Sequential model = JenaNetworks.conv1dGru(JENA_STEPS, true, 42);
            model.compile(b, new RMSprop(1e-3f), new MeanSquaredError(), new MeanAbsoluteErrorMetric());
            return model;
        }, FeatureColumn.floats("x"), JENA_STEPS * JenaNetworks.FEATURES, DataTypes.FloatType);

        private final ModelRecipe recipe;
        private final FeatureColumn features;
        private final int values;
        private final DataType type;

        Workload(ModelRecipe recipe, FeatureColumn features, int values, DataType type) {
            this.recipe = recipe;
            this.features = features;
            this.values = values;
            this.type = type;
        }

        StructType schema() {
            return new StructType().add("x", DataTypes.createArrayType(type, false), false)
                    .add("label", DataTypes.FloatType, false);
        }

        /**
         * Row {@code index} of the seeded table, made where it is needed (on the executors for the table): ids below
         * 10,000 with a 0/1 label, or uniform features in [-1, 1) with a target in [0, 1).
         */
        Row row(int index) {
            SeededRandom random = new SeededRandom(7).fork("row " + index);
            if (this == IMDB) {
                int[] ids = new int[values];
                for (int i = 0; i < values; i++) {
                    ids[i] = 1 + random.nextInt(ImdbNetworks.MAX_FEATURES - 1);
                }
                return RowFactory.create(ids, (float) random.nextInt(2));
            }
            float[] features = new float[values];
            for (int i = 0; i < values; i++) {
                features[i] = (float) random.uniform(-1, 1);
            }
            return RowFactory.create(features, (float) random.nextDouble());
        }

        /** The first {@code size} rows as one batch. */
        Batch batch(int size) {
            float[] labels = new float[size];
            int[] ids = new int[size * values];
            float[] features = new float[size * values];
            for (int s = 0; s < size; s++) {
                Row row = row(s);
                System.arraycopy(row.get(0), 0, this == IMDB ? ids : features, s * values, values);
                labels[s] = row.getFloat(1);
            }
            NdArray x = this == IMDB
                    ? NdArray.wrapInts(Shape.of(size, values), ids)
                    : NdArray.wrapFloats(Shape.of(size, JENA_STEPS, JenaNetworks.FEATURES), features);
            return new Batch(x, NdArray.wrapFloats(Shape.of(size, 1), labels));
        }
    }

    /** When the driver heard of each training step's end. */
    private static final class StepEnds implements Callback {
        private final List<Long> nanos = new ArrayList<>();

        @Override
        public void onTrainBatchEnd(int batch, Logs logs) {
            nanos.add(System.nanoTime());
        }
    }
}
