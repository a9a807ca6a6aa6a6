package dev.seqconv.benchmarks;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.callbacks.Callback;
import dev.seqconv.api.callbacks.Logs;
import dev.seqconv.api.data.Batch;
import dev.seqconv.api.losses.BinaryCrossentropy;
import dev.seqconv.api.metrics.BinaryAccuracy;
import dev.seqconv.api.model.FitConfig;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.model.ShardGradients;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.models.ImdbNetworks;
import dev.seqconv.spark.FeatureColumn;
import dev.seqconv.spark.ModelRecipe;
import dev.seqconv.spark.SparkTraining;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
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
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Data-parallel training of the chapter's IMDB network (10,000 words, 500 ids, 1.3 M weights) on Spark, on this
 * machine, in three setups: {@code local[1]} with 1 shard, {@code local[2]} with 2, and two executors in JVMs of
 * their own ({@code local-cluster[2,1,3072]}) with 2. For each: ms per training step (median after warm-up),
 * the shard's compute alone (in process), an empty Spark job over the shards, the step's exchange alone (the weights
 * broadcast, the shards' gradients collected: a job that computes nothing) with its bytes, and samples per second.
 * docs/scaling.md builds its cost model from these figures.
 *
 * <pre>
 * mvn -q -pl benchmarks exec:exec -Dbench.main=dev.seqconv.benchmarks.SparkScalingBenchmark \
 *     -Dbench.args="--backend nd4j --batch-size 128 --steps 30"
 * </pre>
 */
public final class SparkScalingBenchmark {

    private static final int WARM_UP_STEPS = 5;
    private static final int REPEATS = 15;

    private SparkScalingBenchmark() {
    }

    private record Setup(String master, int shards) {
    }

    public static void main(String[] args) throws IOException {
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        String backend = options.text("backend", "nd4j");
        int batch = options.integer("batch-size", 128);
        int steps = options.integer("steps", 30);
        ModelRecipe recipe = b -> {
            Sequential model = ImdbNetworks.conv1dSigmoid(ImdbNetworks.MAX_FEATURES, ImdbNetworks.MAX_LEN, 42);
            model.compile(b, new RMSprop(1e-4f), new BinaryCrossentropy(), new BinaryAccuracy());
            return model;
        };
        Files.createDirectories(Path.of(System.getenv().getOrDefault("SPARK_HOME", "spark-home"), "jars"));
        List<Row> rows = reviews((WARM_UP_STEPS + steps) * batch);
        System.out.printf(Locale.ROOT, "%s, global batch %d, %d timed steps, %d cores, %s%n", backend, batch, steps,
                Runtime.getRuntime().availableProcessors(), LocalDate.now());
        System.out.println("| setup | shards | ms/step | shard compute ms | empty job ms | exchange ms | exchange MB/step "
                + "| samples/s |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Setup setup : List.of(new Setup("local[1]", 1), new Setup("local[2]", 2),
                new Setup("local-cluster[2,1,3072]", 2))) {
            SparkSession spark = SparkSession.builder().master(setup.master()).appName("seqconv-scaling")
                    .config("spark.ui.enabled", "false")
                    .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                    .config("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE")
                    .config("spark.executorEnv.TF_CPP_MIN_LOG_LEVEL", "2")
                    .getOrCreate();
            try (Sequential model = recipe.build(Backends.get(backend))) {
                double step = trainingStep(spark, recipe, model, rows, backend, batch, setup.shards());
                double compute = shardCompute(model, rows, batch / setup.shards());
                JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                double empty = emptyJob(jsc, setup.shards());
                List<NdArray> weights = model.getWeights();
                double exchange = exchange(jsc, weights, setup.shards());
                double megabytes = (1 + setup.shards()) * serializedBytes(weights) / 1e6;
                System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f |%n", setup.master(),
                        setup.shards(), step, compute, empty, exchange, megabytes, batch / step * 1000);
            } finally {
                spark.stop();
            }
        }
    }

    /** The median ms of a training step on Spark, after warm-up. */
    private static double trainingStep(SparkSession spark, ModelRecipe recipe, Sequential model, List<Row> rows,
                                       String backend, int batch, int shards) {
        StructType schema = new StructType()
                .add("ids", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
                .add("label", DataTypes.FloatType, false);
        Dataset<Row> table = spark.createDataFrame(rows, schema);
        StepTimes times = new StepTimes();
        SparkTraining.builder(recipe).features(FeatureColumn.tokenIds("ids")).label("label").batchSize(batch)
                .shards(shards).shuffleSeed(1L).backend(backend).build()
                .fit(model, table, FitConfig.builder().callbacks(times).build());
        return Measurements.median(times.millis.subList(WARM_UP_STEPS, times.millis.size()));
    }

    /** The median ms of one shard's gradients on this JVM's model: the compute inside a Spark step. */
    private static double shardCompute(Sequential model, List<Row> rows, int shard) {
        int[] ids = new int[shard * ImdbNetworks.MAX_LEN];
        float[] labels = new float[shard];
        for (int s = 0; s < shard; s++) {
            List<Integer> review = rows.get(s).getList(0);
            for (int i = 0; i < ImdbNetworks.MAX_LEN; i++) {
                ids[s * ImdbNetworks.MAX_LEN + i] = review.get(i);
            }
            labels[s] = rows.get(s).getFloat(1);
        }
        Batch batch = new Batch(NdArray.wrapInts(Shape.of(shard, ImdbNetworks.MAX_LEN), ids),
                NdArray.wrapFloats(Shape.of(shard, 1), labels));
        List<Double> millis = new ArrayList<>();
        for (int r = 0; r < WARM_UP_STEPS + REPEATS; r++) {
            long start = System.nanoTime();
            model.computeGradients(batch, r, 0);
            millis.add((System.nanoTime() - start) / 1e6);
        }
        return Measurements.median(millis.subList(WARM_UP_STEPS, millis.size()));
    }

    /** The median ms of a Spark job of {@code shards} tasks that do nothing. */
    private static double emptyJob(JavaSparkContext jsc, int shards) {
        List<Integer> slots = slots(shards);
        List<Double> millis = new ArrayList<>();
        for (int r = 0; r < WARM_UP_STEPS + REPEATS; r++) {
            long start = System.nanoTime();
            jsc.parallelize(slots, shards).foreach(i -> { });
            millis.add((System.nanoTime() - start) / 1e6);
        }
        return Measurements.median(millis.subList(WARM_UP_STEPS, millis.size()));
    }

    /**
     * The median ms of a step's exchange without its compute: the weights broadcast, read by each of
     * {@code shards} tasks, and one weights-sized gradient per task collected on the driver.
     */
    private static double exchange(JavaSparkContext jsc, List<NdArray> weights, int shards) {
        List<Integer> slots = slots(shards);
        List<Double> millis = new ArrayList<>();
        for (int r = 0; r < WARM_UP_STEPS + REPEATS; r++) {
            long start = System.nanoTime();
            Broadcast<List<NdArray>> current = jsc.broadcast(weights);
            List<ShardGradients> parts = jsc.parallelize(slots, shards)
                    .map(i -> new ShardGradients(1, new Logs(Map.of("loss", 0.0)), current.value()))
                    .collect();
            ShardGradients.combine(parts);
            current.destroy();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        return Measurements.median(millis.subList(WARM_UP_STEPS, millis.size()));
    }

    private static long serializedBytes(Serializable value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.size();
    }

    private static List<Integer> slots(int count) {
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            slots.add(i);
        }
        return slots;
    }

    /** Seeded reviews of 500 ids below 10,000 with 0/1 labels. */
    private static List<Row> reviews(int count) {
        SeededRandom random = new SeededRandom(7);
        List<Row> rows = new ArrayList<>(count);
        for (int s = 0; s < count; s++) {
            List<Integer> ids = new ArrayList<>(ImdbNetworks.MAX_LEN);
            for (int i = 0; i < ImdbNetworks.MAX_LEN; i++) {
                ids.add(1 + random.nextInt(ImdbNetworks.MAX_FEATURES - 1));
            }
            rows.add(RowFactory.create(ids, (float) random.nextInt(2)));
        }
        return rows;
    }

    /** The wall time of each training step. */
    private static final class StepTimes implements Callback {
        private final List<Double> millis = new ArrayList<>();
        private long start;

        @Override
        public void onTrainBatchBegin(int batch) {
            start = System.nanoTime();
        }

        @Override
        public void onTrainBatchEnd(int batch, Logs logs) {
            millis.add((System.nanoTime() - start) / 1e6);
        }
    }
}
