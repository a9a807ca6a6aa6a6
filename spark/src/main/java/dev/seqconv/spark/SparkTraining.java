package dev.seqconv.spark;

import dev.seqconv.api.callbacks.History;
import dev.seqconv.api.callbacks.Logs;
import dev.seqconv.api.checks.Checks;
import dev.seqconv.api.data.Batch;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.network.ModelWeights;
import dev.seqconv.api.training.FitConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Synchronous data-parallel training on Spark, with the numbers of a single process: Keras's
 * {@code fit(x, y, batch_size=B, shuffle=True)}, {@code B} and the shuffle coming from the {@link FitConfig} as for
 * {@code fit} on arrays. Each global batch of {@code B} samples is split into {@code N} shards whose gradients
 * Spark's executors compute, each on its own replica of the model, and the
 * driver's model applies its optimizer to their sample-weighted mean
 * {@code ∇L = Σ_k (n_k / B) ∇L_k}: the gradient of the batch's mean loss. Epoch {@code e} visits the table's rows
 * in the seeded order {@code fit} on arrays would ({@link dev.seqconv.api.data.ArrayBatchSource#shuffledOrder}),
 * and dropout masks are drawn per sample of the global batch, so the result does not depend on {@code N}.
 *
 * <pre>{@code
 * ModelRecipe recipe = backend -> {
 *     Sequential m = ImdbNetworks.conv1dSigmoid(10_000, 500, 42);
 *     m.compile(backend, new RMSprop(1e-4f), new BinaryCrossentropy(), new BinaryAccuracy());
 *     return m;
 * };
 * SparkTraining training = SparkTraining.builder(recipe)
 *         .features(FeatureColumn.tokenIds("ids")).label("label")
 *         .shards(4).build();
 * try (Sequential model = recipe.build(Backends.select())) {
 *     History history = training.fit(model, table, FitConfig.builder().epochs(10).batchSize(128).build());
 * }
 * }</pre>
 *
 * <p>How the shards' gradients meet is {@link Builder#exchange}'s choice, else chosen at the start of {@code fit}
 * and logged there with its reason ({@link GradientExchange}: barrier segments where all shards run at once and an
 * epoch has at least 8 steps, else the driver gather); both give the same bits. With
 * {@link GradientExchange#DRIVER_GATHER} each step is a Spark job whose results the
 * driver gathers; the optimizer's state lives in the driver's model only and every update is applied there once; a
 * task holds no state between steps, so a task that fails is retried by Spark without effect on the training. With
 * {@link GradientExchange#BARRIER_SEGMENTS} each segment of steps (one epoch by default) is one barrier stage whose
 * tasks exchange gradients among themselves and each apply the update; a task that fails fails the stage, which
 * Spark runs again from the segment's start state, with the same result; a segment may span several epochs
 * ({@link Builder#segmentEpochs}).
 * Checkpoints ({@code ModelCheckpoint}) and resuming ({@code loadCheckpoint}, {@code initialEpoch}) work as in a
 * single process. The table is read on the executors, never collected on the driver; the driver holds one
 * {@code int} per row for the epoch's order (for each epoch of a segment of several).
 */
public final class SparkTraining {

    private static final System.Logger LOG = System.getLogger(SparkTraining.class.getName());

    private final ModelRecipe recipe;
    private final FeatureColumn features;
    private final LabelColumn label;
    private final int shards;
    private final String backend;
    /** The exchange the builder names, or null for {@link ExchangeChoice#automatic}. */
    private final GradientExchange exchange;
    private final int segmentSteps;
    private final int segmentEpochs;
    private final Duration exchangeTimeout;
    private final Consumer<SegmentTimes> segmentTimes;

    private SparkTraining(Builder b) {
        this.recipe = b.recipe;
        this.features = Objects.requireNonNull(b.features, "features: say which column holds the inputs");
        this.label = new LabelColumn(Objects.requireNonNull(b.label, "label: say which column holds the targets"));
        this.shards = b.shards;
        this.backend = b.backend;
        this.exchange = b.exchange;
        this.segmentSteps = b.segmentSteps;
        this.segmentEpochs = b.segmentEpochs;
        this.exchangeTimeout = b.exchangeTimeout;
        this.segmentTimes = b.segmentTimes;
        requireBarrierSegments("segmentSteps", segmentSteps != 0);
        requireBarrierSegments("segmentEpochs", segmentEpochs != 0);
        requireBarrierSegments("segmentTimes", segmentTimes != null);
        if (segmentSteps != 0 && segmentEpochs != 0) {
            throw new IllegalArgumentException("segmentSteps(" + segmentSteps + ") splits epochs and segmentEpochs("
                    + segmentEpochs + ") joins them: set one of the two");
        }
    }

    private void requireBarrierSegments(String setting, boolean set) {
        if (set && exchange != GradientExchange.BARRIER_SEGMENTS) {
            throw new IllegalArgumentException(setting + " applies to GradientExchange.BARRIER_SEGMENTS; the "
                    + "exchange is " + (exchange == null ? "chosen at fit" : exchange) + ": set "
                    + "exchange(BARRIER_SEGMENTS) or leave " + setting + " unset");
        }
    }

    public static Builder builder(ModelRecipe recipe) {
        return new Builder(recipe);
    }

    /**
     * Trains {@code model} — the driver's model, built by this training's recipe — on {@code table}, as
     * {@link Sequential#fit(dev.seqconv.api.training.GradientSteps, FitConfig)}: the config's epochs, initial epoch,
     * callbacks and local {@code validation} source apply, and its batch size and shuffle as {@code fit} on arrays
     * applies them ({@link FitConfig#orderSeed}: the rows in the order of the shuffle seed, else of the model's
     * seed, or in the table's order without shuffling).
     */
    public History fit(Sequential model, Dataset<Row> table, FitConfig config) {
        JavaSparkContext spark = JavaSparkContext.fromSparkContext(table.sparkSession().sparkContext());
        FeatureColumn features = this.features;
        LabelColumn label = this.label;
        Input input = model.input();
        JavaPairRDD<Long, Sample> indexed = table.javaRDD()
                .map(row -> Sample.read(row, features, label, input))
                .zipWithIndex()
                .mapToPair(t -> t.swap())
                .persist(StorageLevel.MEMORY_AND_DISK());
        String run = "seqconv-" + UUID.randomUUID();
        EpochLayouts layouts = null;
        try {
            long samples = indexed.count();
            if (samples == 0) {
                throw new IllegalArgumentException("The training table has no rows");
            }
            ShardPlan plan = new ShardPlan(samples, config.batchSize(), shards);
            layouts = new EpochLayouts(spark, indexed, plan, config.orderSeed(model.seed()));
            ExchangeChoice choice = exchange != null ? ExchangeChoice.named(exchange)
                    : ExchangeChoice.automatic(spark.sc().isLocal(), shards, spark.defaultParallelism(),
                            plan.stepsPerEpoch());
            LOG.log(System.Logger.Level.INFO, "Training on {0} shards, gradient exchange: {1}", shards, choice);
            if (choice.exchange() == GradientExchange.DRIVER_GATHER) {
                return model.fit(new SparkGradientSteps(spark, layouts, plan, recipe, backend, input, run), config);
            }
            requireSlots(spark);
            return model.fit(new SparkSegments(spark, layouts, plan, recipe, backend, input, run, segmentSteps,
                    Math.max(segmentEpochs, 1), exchangeTimeout, segmentTimes), config);
        } finally {
            if (layouts != null) {
                layouts.close();
                ReplicaPool.releaseEverywhere(spark, run, Math.max(shards, spark.defaultParallelism()));
            }
            indexed.unpersist(false);
        }
    }

    /** A barrier stage waits for all its tasks' slots at once: refuses more shards than the cluster runs at once. */
    private void requireSlots(JavaSparkContext spark) {
        if (shards > spark.defaultParallelism()) {
            throw new IllegalArgumentException("BARRIER_SEGMENTS runs all " + shards + " shards at once, but this "
                    + "Spark application runs " + spark.defaultParallelism() + " tasks at once: use at most that many "
                    + "shards, more executor cores, or GradientExchange.DRIVER_GATHER");
        }
    }

    /** {@link #evaluate(Sequential, Dataset, int)} in batches of 32, Keras's default. */
    public Logs evaluate(Sequential model, Dataset<Row> table) {
        return evaluate(model, table, 32);
    }

    /**
     * The loss and metrics of {@code model} over {@code table} (Keras's {@code evaluate}), computed on the
     * executors: each partition's rows in batches of {@code batchSize}, on replicas holding the model's current
     * weights, averaged per sample as Keras does. The table is read on the executors; only one row of figures per
     * partition comes back.
     *
     * @throws IllegalArgumentException if the table has no rows or {@code batchSize} is not positive
     */
    public Logs evaluate(Sequential model, Dataset<Row> table, int batchSize) {
        Checks.positive("batchSize", batchSize);
        JavaSparkContext spark = JavaSparkContext.fromSparkContext(table.sparkSession().sparkContext());
        FeatureColumn features = this.features;
        LabelColumn label = this.label;
        Input input = model.input();
        ModelRecipe recipe = this.recipe;
        String backend = this.backend;
        String run = "seqconv-evaluate-" + UUID.randomUUID();
        Broadcast<ModelWeights> weights = spark.broadcast(model.weights());
        try {
            List<Tuple2<Integer, Logs>> parts = table.javaRDD().mapPartitions(rows -> {
                Logs.Means partition = ReplicaPool.withReplica(run, backend, recipe, weights.value(), replica -> {
                    Logs.Means means = new Logs.Means();
                    List<Sample> batch = new ArrayList<>(batchSize);
                    while (rows.hasNext()) {
                        batch.add(Sample.read(rows.next(), features, label, input));
                        if (batch.size() == batchSize || !rows.hasNext()) {
                            Batch samples = Sample.batch(batch, input);
                            means.add(replica.evaluate(samples.x(), samples.y(), batchSize), samples.size());
                            batch.clear();
                        }
                    }
                    return means;
                });
                return List.of(new Tuple2<>(Math.toIntExact(partition.samples()), partition.logs())).iterator();
            }).collect();
            Logs.Means whole = new Logs.Means();
            parts.forEach(part -> whole.add(part._2(), part._1()));
            if (whole.samples() == 0) {
                throw new IllegalArgumentException("The evaluation table has no rows");
            }
            return whole.logs();
        } finally {
            weights.destroy();
            ReplicaPool.releaseEverywhere(spark, run, spark.defaultParallelism());
        }
    }

    /** Settings of a {@link SparkTraining}. */
    public static final class Builder {
        private final ModelRecipe recipe;
        private FeatureColumn features;
        private String label;
        private int shards = 2;
        private String backend;
        private GradientExchange exchange;
        private int segmentSteps;
        private int segmentEpochs;
        private Duration exchangeTimeout = Duration.ofMinutes(5);
        private Consumer<SegmentTimes> segmentTimes;

        private Builder(ModelRecipe recipe) {
            this.recipe = Objects.requireNonNull(recipe, "recipe");
        }

        /** The column of the inputs. */
        public Builder features(FeatureColumn features) {
            this.features = features;
            return this;
        }

        /** The column of the targets: a number or an array of numbers per row. */
        public Builder label(String column) {
            this.label = column;
            return this;
        }

        /** {@code N}, shards per global batch ({@link FitConfig#batchSize()}), one Spark task each; 2 by default. */
        public Builder shards(int shards) {
            this.shards = Checks.positive("shards", shards);
            return this;
        }

        /**
         * The backend the executors compute on, by id ({@code nd4j}, {@code tensorflow}); by default the one
         * {@code Backends.select()} picks in each executor.
         */
        public Builder backend(String id) {
            this.backend = id;
            return this;
        }

        /**
         * How the shards' gradients are combined; by default chosen at {@code fit} ({@link GradientExchange}):
         * {@link GradientExchange#BARRIER_SEGMENTS} where the application runs all shards at once and an epoch has
         * at least 8 steps, {@link GradientExchange#DRIVER_GATHER} otherwise. The choice and its reason are logged
         * at INFO. {@link #segmentSteps}, {@link #segmentEpochs} and {@link #segmentTimes} need barrier segments
         * named here.
         */
        public Builder exchange(GradientExchange exchange) {
            this.exchange = Objects.requireNonNull(exchange, "exchange");
            return this;
        }

        /**
         * The steps of a barrier segment within an epoch ({@link GradientExchange#BARRIER_SEGMENTS} only): the
         * driver hears of the steps, and callbacks may stop training, at the segments' ends; one epoch by default.
         * Not with {@link #segmentEpochs}.
         */
        public Builder segmentSteps(int steps) {
            this.segmentSteps = Checks.positive("segmentSteps", steps);
            return this;
        }

        /**
         * The epochs of a barrier segment ({@link GradientExchange#BARRIER_SEGMENTS} only), 1 by default: each
         * segment's start (broadcast, stage, rendezvous: 0.1-0.3 s on one machine, see {@code docs/scaling.md}) is
         * paid once per {@code epochs} epochs instead of once per epoch — worth it where an epoch is only a few
         * steps, as with many executors and a small table. The weights, figures and {@code History} are those of
         * one-epoch segments, bit for bit: the tasks go on from epoch to epoch in the order and with the dropout
         * masks {@code fit} would use, and the driver replays the epochs one by one, its model taking on each
         * epoch's end state before that epoch's callbacks (validation, {@code ModelCheckpoint},
         * {@code EarlyStopping}) run.
         *
         * <p>Costs: the callbacks hear of an epoch only when its segment has ended, so a callback that stops
         * training ({@code EarlyStopping}) or replaces the weights at epoch {@code e} discards the segment's later
         * epochs, and the time spent on them; task 0 and then the driver hold a copy of the weights and optimizer
         * slots for every epoch of the segment ({@code epochs ×} the model's training state), and every executor
         * holds its shard of every epoch of the segment ({@code epochs ×} its share of the table). Not with
         * {@link #segmentSteps}.
         */
        public Builder segmentEpochs(int epochs) {
            this.segmentEpochs = Checks.positive("segmentEpochs", epochs);
            return this;
        }

        /**
         * How long a barrier task waits for a peer's connection or data before failing the stage; 5 minutes by
         * default. Longer than a step's slowest shard takes.
         */
        public Builder exchangeTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("exchangeTimeout must be positive and under 24 days, got " + timeout);
            }
            this.exchangeTimeout = timeout;
            return this;
        }

        /**
         * Hears, on the driver, how long each barrier segment took and its tasks' steps inside it
         * ({@link GradientExchange#BARRIER_SEGMENTS} only; for measuring: the times travel back in an accumulator).
         */
        public Builder segmentTimes(Consumer<SegmentTimes> listener) {
            this.segmentTimes = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public SparkTraining build() {
            return new SparkTraining(this);
        }
    }
}
