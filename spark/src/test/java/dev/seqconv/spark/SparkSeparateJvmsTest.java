package dev.seqconv.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.training.FitConfig;
import dev.seqconv.api.losses.MeanSquaredError;
import dev.seqconv.api.metrics.MeanAbsoluteErrorMetric;
import dev.seqconv.api.metrics.Metric;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.models.JenaNetworks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Training with executors in JVMs of their own — Spark's {@code local-cluster} mode: a master and two workers
 * in this JVM, each worker launching an executor JVM — so that the recipe, the samples, the weights and the
 * gradients cross process boundaries serialized, the scored model travels as a broadcast, and each executor loads
 * the backend's natives itself; barrier tasks in the two JVMs exchange their gradients over TCP.
 */
class SparkSeparateJvmsTest {

    private static final int BATCH = 16;
    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.cluster(2);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nd4j", "tensorflow"})
    void executorsInOtherJvmsTrainAsOneProcess(String backend) {
        TrainingTables.Table table = TrainingTables.jena(3 * BATCH);
        ModelRecipe recipe = SparkTrainingTest.jenaRecipe();
        List<NdArray> expected;
        FitConfig config = FitConfig.builder().epochs(2).batchSize(BATCH).shuffleSeed(9).build();
        try (Sequential model = recipe.build(Backends.get(backend))) {
            model.fit(table.x(), table.y(), config);
            expected = model.getWeights();
        }
        try (Sequential model = recipe.build(Backends.get(backend))) {
            SparkTraining.builder(recipe).features(table.features()).label("label").shards(2).backend(backend)
                    .exchange(GradientExchange.DRIVER_GATHER).build().fit(model, table.frame(spark), config);
            TrainingAssertions.assertWeightsClose(model.getWeights(), expected, 1e-5f);
        }
    }

    @Test
    void barrierTasksInOtherJvmsExchangeTheDriverGatheredGradientsBitForBit() {
        TrainingTables.Table table = TrainingTables.jena(3 * BATCH);
        FitConfig config = FitConfig.builder().epochs(2).batchSize(BATCH).shuffleSeed(9).build();
        SparkBarrierSegmentsTest.Run gathered = SparkBarrierSegmentsTest.train(spark, table,
                SparkTrainingTest.jenaRecipe(), "nd4j", 2, config, SparkBarrierSegmentsTest::gather);
        SparkBarrierSegmentsTest.Run segmented = SparkBarrierSegmentsTest.train(spark, table,
                SparkTrainingTest.jenaRecipe(), "nd4j", 2, config,
                builder -> builder.exchange(GradientExchange.BARRIER_SEGMENTS));
        assertThat(segmented.history().asMap()).isEqualTo(gathered.history().asMap());
        SparkBarrierSegmentsTest.assertBitIdentical(segmented.weights(), gathered.weights());
    }

    @Test
    void anExecutorJvmKilledMidSegmentLeavesTheTrainingOfAnUninterruptedRun(@TempDir Path dir) {
        TrainingTables.Table table = TrainingTables.jena(3 * BATCH);
        FitConfig config = FitConfig.builder().epochs(2).batchSize(BATCH).shuffleSeed(9).build();
        Path killed = dir.resolve("killed");
        List<NdArray> uninterrupted = barrierRun(table, config, haltingRecipe(null));
        List<NdArray> interrupted = barrierRun(table, config, haltingRecipe(killed.toString()));
        assertThat(killed).as("an executor JVM was killed").exists();
        SparkBarrierSegmentsTest.assertBitIdentical(interrupted, uninterrupted);
    }

    private static List<NdArray> barrierRun(TrainingTables.Table table, FitConfig config, ModelRecipe recipe) {
        return SparkBarrierSegmentsTest.train(spark, table, recipe, "nd4j", 2, config,
                builder -> builder.exchange(GradientExchange.BARRIER_SEGMENTS)).weights();
    }

    /** The Jena recipe whose metric halts its executor JVM at its 3rd call there, once: when {@code marker} is made. */
    private static ModelRecipe haltingRecipe(String marker) {
        return b -> {
            Sequential model = JenaNetworks.conv1dGru(TrainingTables.TIMESTEPS, true, 42);
            model.compile(b, new RMSprop(1e-3f), new MeanSquaredError(),
                    new FaultyMetric(new MeanAbsoluteErrorMetric(), marker, Fault.HALT));
            return model;
        };
    }

    /** How an executor's task fails: its JVM halts, or the task throws. */
    enum Fault {
        HALT, THROW
    }

    /**
     * A metric that fails an executor's task (never the driver's) once: at the 3rd call for its {@code marker} in
     * an executor JVM, the first JVM to make the marker file fails as {@code fault} says, the others compute on.
     * Without a marker, the metric itself.
     */
    static final class FaultyMetric implements Metric {
        private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
        private final Metric metric;
        private final String marker;
        private final Fault fault;

        FaultyMetric(Metric metric, String marker, Fault fault) {
            this.metric = metric;
            this.marker = marker;
            this.fault = fault;
        }

        @Override
        public String name() {
            return metric.name();
        }

        @Override
        public double[] perSample(NdArray yTrue, NdArray yPred) {
            if (marker != null && TaskContext.get() != null
                    && CALLS.computeIfAbsent(marker, m -> new AtomicInteger()).incrementAndGet() == 3) {
                try {
                    Files.createFile(Path.of(marker));
                } catch (IOException alreadyFailedOnce) {
                    return metric.perSample(yTrue, yPred);
                }
                if (fault == Fault.HALT) {
                    Runtime.getRuntime().halt(1);
                }
                throw new IllegalStateException("injected failure in task " + TaskContext.get().partitionId());
            }
            return metric.perSample(yTrue, yPred);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nd4j", "tensorflow"})
    void executorsInOtherJvmsScoreAsOneProcess(String backend) {
        TrainingTables.Table table = TrainingTables.imdb(200);
        try (Sequential model = SparkTrainingTest.imdbRecipe().build(Backends.get(backend))) {
            float[] expected = model.predict(table.x()).toFloatArray();
            SparkScoring scoring = SparkScoring.builder(ScoringNetworks.archive(model))
                    .features(table.features()).backend(backend).batchSize(64).build();
            List<Row> scored = scoring.score(table.frame(spark)).collectAsList();
            assertThat(scored).hasSize(expected.length);
            for (int i = 0; i < expected.length; i++) {
                assertThat(scored.get(i).getFloat(2)).as("row %d", i).isCloseTo(expected[i], within(1e-6f));
            }
        }
    }
}
