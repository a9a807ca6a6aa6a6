package dev.seqconv.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.losses.BinaryCrossentropy;
import dev.seqconv.api.losses.MeanSquaredError;
import dev.seqconv.api.metrics.BinaryAccuracy;
import dev.seqconv.api.metrics.MeanAbsoluteErrorMetric;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.api.training.FitConfig;
import dev.seqconv.models.ImdbNetworks;
import dev.seqconv.models.JenaNetworks;
import dev.seqconv.spark.SparkBarrierSegmentsTest.Run;
import dev.seqconv.spark.SparkSeparateJvmsTest.Fault;
import dev.seqconv.spark.SparkSeparateJvmsTest.FaultyMetric;
import dev.seqconv.spark.TrainingAssertions.LossCurve;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link GradientExchange#BARRIER_SEGMENTS} with its tasks in 2 and in 4 executor JVMs, one shard each, on both
 * backends, for the chapter's IMDB network and its Jena Conv1D+GRU network ({@link #cases}). For each: one step gives
 * the driver-gathered training of the same shards bit for bit; 50 steps (2 epochs of 25 steps, one segment each)
 * follow the loss curve of {@code fit} in one process within 1e-3; a second run of them, one of whose tasks throws
 * once mid-segment (at the 3rd step of the first segment, so that Spark runs the segment again from its start),
 * ends with the first run's history and bits: the repeat and the retried task in one run. In the last case an
 * executor JVM also halts there, in one more run, with the same end.
 *
 * <p>Reduced, so that the class takes minutes on this machine's 2 cores:
 * <ul>
 *   <li>one Spark application ({@code local-cluster}, {@link LocalSpark#cluster}) of 4 executor JVMs with one core
 *       each, shared by all cases, which run in the order of {@link #cases}: 2 tasks run in 2 of its JVMs, 4 in all
 *       4 (an application per executor count cost a minute more to start under load);</li>
 *   <li>the networks: the IMDB network has the chapter's layers ({@link ImdbNetworks#conv1dSigmoid}) at a
 *       vocabulary of 500 and reviews of 60 ids (the chapter: 10,000 and 500), the Jena network is
 *       {@link JenaNetworks#conv1dGru} with dropout on windows of 30 steps (the chapter: 240), and the global batch
 *       is 16 (the chapter: 128), so 8 or 4 samples a shard; the tables are seeded ({@link TrainingTables});</li>
 *   <li>the matrix: every network on every backend with 2 executor JVMs; with 4, each network on one backend, the
 *       backends alternating (IMDB on ND4J, Jena on TensorFlow); the repeat is the run with the thrown task; one
 *       executor JVM killed, in the last case (the worker relaunches it, which costs the most here), and one more
 *       with 2 executor JVMs in {@link SparkSeparateJvmsTest}.</li>
 * </ul>
 */
class SparkBarrierSegmentsAcrossJvmsTest {

    private static final int BATCH = 16;
    /** 50 steps: 2 epochs of 25, one segment each. */
    private static final int EPOCHS = 2;
    private static final int STEPS_PER_EPOCH = 25;
    private static final long SHUFFLE = 11;

    /** A network of the chapter, reduced as the class says, with its seeded tables. */
    enum Network {
        IMDB, JENA;

        /** The network's recipe, its metric failing as {@link FaultyMetric} says (never, without a marker). */
        ModelRecipe recipe(String marker, Fault fault) {
            if (this == IMDB) {
                return b -> {
                    Sequential model = ImdbNetworks.conv1dSigmoid(TrainingTables.VOCABULARY, TrainingTables.LENGTH, 42);
                    model.compile(b, new RMSprop(1e-3f), new BinaryCrossentropy(),
                            new FaultyMetric(new BinaryAccuracy(), marker, fault));
                    return model;
                };
            }
            return b -> {
                Sequential model = JenaNetworks.conv1dGru(TrainingTables.TIMESTEPS, true, 42);
                model.compile(b, new RMSprop(1e-3f), new MeanSquaredError(),
                        new FaultyMetric(new MeanAbsoluteErrorMetric(), marker, fault));
                return model;
            };
        }

        /** A table of {@code batches} global batches, the Jena one's last batch 3 samples short of full. */
        TrainingTables.Table table(int batches) {
            return this == IMDB ? TrainingTables.imdb(batches * BATCH) : TrainingTables.jena(batches * BATCH - 3);
        }
    }

    /** The executor JVMs of the one application, one core each. */
    private static final int EXECUTORS = 4;

    /** The matrix the class describes: shards (one executor JVM each), network, backend, a JVM killed. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(2, Network.IMDB, "nd4j", false),
                Arguments.of(2, Network.IMDB, "tensorflow", false),
                Arguments.of(2, Network.JENA, "nd4j", false),
                Arguments.of(2, Network.JENA, "tensorflow", false),
                Arguments.of(4, Network.IMDB, "nd4j", false),
                Arguments.of(4, Network.JENA, "tensorflow", true));
    }

    @ParameterizedTest(name = "{0} executor JVMs, {1} network, {2}, an executor JVM killed: {3}")
    @MethodSource("cases")
    void barrierSegmentsAcrossExecutorJvmsTrainAsTheDriverGatherAndOneProcess(int executors, Network network,
                                                                             String backend, boolean killed,
                                                                             @TempDir Path dir) {
        SparkSession spark = LocalSpark.cluster(EXECUTORS);
        ModelRecipe recipe = network.recipe(null, null);

        TrainingTables.Table oneBatch = network.table(1);
        FitConfig oneStep = fitConfig().build();
        Run gathered = SparkBarrierSegmentsTest.train(spark, oneBatch, recipe, backend, executors, oneStep,
                SparkBarrierSegmentsTest::gather);
        Run stepped = SparkBarrierSegmentsTest.train(spark, oneBatch, recipe, backend, executors, oneStep,
                SparkBarrierSegmentsAcrossJvmsTest::barrier);
        assertThat(stepped.history().asMap()).as("one step's figures").isEqualTo(gathered.history().asMap());
        SparkBarrierSegmentsTest.assertBitIdentical(stepped.weights(), gathered.weights());

        TrainingTables.Table table = network.table(STEPS_PER_EPOCH);
        LossCurve expected = new LossCurve();
        try (Sequential model = recipe.build(Backends.get(backend))) {
            model.fit(table.x(), table.y(), fitConfig().epochs(EPOCHS).callbacks(expected).build());
        }
        LossCurve curve = new LossCurve();
        Run first = SparkBarrierSegmentsTest.train(spark, table, recipe, backend, executors,
                fitConfig().epochs(EPOCHS).callbacks(curve).build(), SparkBarrierSegmentsAcrossJvmsTest::barrier);
        TrainingAssertions.assertLossesClose(curve, expected, STEPS_PER_EPOCH * EPOCHS, 1e-3);

        for (Fault fault : killed ? List.of(Fault.THROW, Fault.HALT) : List.of(Fault.THROW)) {
            Path marker = dir.resolve(fault.name());
            Run interrupted = SparkBarrierSegmentsTest.train(spark, table, network.recipe(marker.toString(), fault),
                    backend, executors, fitConfig().epochs(EPOCHS).build(), SparkBarrierSegmentsAcrossJvmsTest::barrier);
            assertThat(marker).as("a task failed by " + fault).exists();
            assertThat(interrupted.history().asMap()).as("after " + fault).isEqualTo(first.history().asMap());
            SparkBarrierSegmentsTest.assertBitIdentical(interrupted.weights(), first.weights());
        }
    }

    private static SparkTraining.Builder barrier(SparkTraining.Builder builder) {
        return builder.exchange(GradientExchange.BARRIER_SEGMENTS);
    }

    /** The batches and shuffle of every run here, in one process and on Spark. */
    private static FitConfig.Builder fitConfig() {
        return FitConfig.builder().batchSize(BATCH).shuffleSeed(SHUFFLE);
    }
}
