package dev.seqconv.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.callbacks.History;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.training.FitConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link GradientExchange#BARRIER_SEGMENTS} against {@link GradientExchange#DRIVER_GATHER} on Spark
 * ({@code local[2,3]}: two barrier tasks at once): for the same shards the tasks' own exchange gives the
 * driver-gathered gradients bit for bit, so one step, and several steps over segments that do and do not end
 * with the epoch, end in the same weights and figures; {@link SegmentTimes} tell each segment's steps in every task.
 */
class SparkBarrierSegmentsTest {

    private static final int BATCH = 8;

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.session("local[2,3]");
    }

    static Stream<Arguments> runs() {
        return Stream.of(
                Arguments.of("one step", "nd4j", BATCH, 1, 0),
                Arguments.of("2 epochs of 4 steps (last batch of 5), one segment an epoch", "nd4j", 3 * BATCH + 5, 2, 0),
                Arguments.of("an epoch of 4 steps in segments of 3 and 1", "nd4j", 3 * BATCH + 5, 1, 3),
                Arguments.of("one step", "tensorflow", BATCH, 1, 0));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("runs")
    void barrierSegmentsGiveTheDriverGatheredTrainingBitForBit(String name, String backend, int rows, int epochs,
                                                               int segmentSteps) {
        TrainingTables.Table table = TrainingTables.jena(rows);
        FitConfig config = FitConfig.builder().batchSize(BATCH).shuffleSeed(5L).epochs(epochs).build();
        Run gathered = train(spark, table, SparkTrainingTest.jenaRecipe(), backend, 2, config, builder -> builder);
        Run segmented = train(spark, table, SparkTrainingTest.jenaRecipe(), backend, 2, config, builder -> {
            builder.exchange(GradientExchange.BARRIER_SEGMENTS);
            return segmentSteps == 0 ? builder : builder.segmentSteps(segmentSteps);
        });
        assertThat(segmented.history().asMap()).isEqualTo(gathered.history().asMap());
        assertBitIdentical(segmented.weights(), gathered.weights());
    }

    @Test
    void segmentTimesTellEachSegmentsTasksStepByStep() {
        TrainingTables.Table table = TrainingTables.jena(3 * BATCH + 5);
        List<SegmentTimes> segments = new ArrayList<>();
        train(spark, table, SparkTrainingTest.jenaRecipe(), "nd4j", 2, FitConfig.builder().batchSize(BATCH).build(),
                builder -> builder.exchange(GradientExchange.BARRIER_SEGMENTS).segmentSteps(3)
                        .segmentTimes(segments::add));
        assertThat(segments).hasSize(2);
        for (int s = 0; s < 2; s++) {
            SegmentTimes segment = segments.get(s);
            assertThat(segment.tasks()).extracting(SegmentTimes.TaskTimes::shard).containsExactly(0, 1);
            for (SegmentTimes.TaskTimes task : segment.tasks()) {
                assertThat(task.computeNanos()).hasSize(s == 0 ? 3 : 1);
                assertThat(task.exchangeNanos()).hasSize(s == 0 ? 3 : 1);
                assertThat(LongStream.concat(LongStream.of(task.computeNanos()), LongStream.of(task.exchangeNanos()))
                        .min().orElseThrow()).isPositive();
                assertThat(task.stepsNanos()).isBetween(LongStream.of(task.computeNanos()).sum()
                        + LongStream.of(task.exchangeNanos()).sum(), segment.nanos());
            }
        }
    }

    @Test
    void moreShardsThanTasksAtOnceAreRefusedWithTheWayOut() {
        TrainingTables.Table table = TrainingTables.jena(BATCH);
        try (Sequential model = SparkTrainingTest.jenaRecipe().build(Backends.get("nd4j"))) {
            SparkTraining training = SparkTraining.builder(SparkTrainingTest.jenaRecipe()).features(table.features())
                    .label("label").shards(3).backend("nd4j").exchange(GradientExchange.BARRIER_SEGMENTS).build();
            assertThatThrownBy(() -> training.fit(model, table.frame(spark), FitConfig.builder().batchSize(BATCH)
                    .build())).hasMessageContaining("runs 2 tasks at once").hasMessageContaining("DRIVER_GATHER");
        }
    }

    @Test
    void segmentStepsWithoutBarrierSegmentsIsRefused() {
        assertThatThrownBy(() -> SparkTraining.builder(SparkTrainingTest.jenaRecipe())
                .features(FeatureColumn.tokenIds("ids")).label("label").segmentSteps(2).build())
                .hasMessageContaining("segmentSteps applies to GradientExchange.BARRIER_SEGMENTS");
    }

    record Run(History history, List<NdArray> weights) {
    }

    interface Setting {
        SparkTraining.Builder apply(SparkTraining.Builder builder);
    }

    /** Trains the recipe's model on {@code table} in {@code shards} shards, with the {@code setting}'s exchange. */
    static Run train(SparkSession spark, TrainingTables.Table table, ModelRecipe recipe, String backend, int shards,
                     FitConfig config, Setting setting) {
        try (Sequential model = recipe.build(Backends.get(backend))) {
            SparkTraining training = setting.apply(SparkTraining.builder(recipe)
                    .features(table.features()).label("label").shards(shards).backend(backend)).build();
            History history = training.fit(model, table.frame(spark), config);
            return new Run(history, model.getWeights());
        }
    }

    static void assertBitIdentical(List<NdArray> actual, List<NdArray> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int w = 0; w < expected.size(); w++) {
            assertThat(actual.get(w).toFloatArray()).as("weight %d", w).isEqualTo(expected.get(w).toFloatArray());
        }
    }
}
