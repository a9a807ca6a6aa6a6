package dev.seqconv.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.callbacks.Callback;
import dev.seqconv.api.callbacks.EarlyStopping;
import dev.seqconv.api.callbacks.History;
import dev.seqconv.api.callbacks.Logs;
import dev.seqconv.api.callbacks.TrainingRun;
import dev.seqconv.api.data.ArrayBatchSource;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.training.FitConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
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
 * with the epoch, end in the same weights and figures; segments of several epochs end as one-epoch segments, their
 * epochs' validation included, also where a callback stops training or replaces the weights inside a segment;
 * {@link SegmentTimes} tell each segment's steps in every task, those of all its epochs where it spans several.
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
        Run gathered = trainJena(table, backend, config, SparkBarrierSegmentsTest::gather);
        Run segmented = trainJena(table, backend, config, builder -> {
            builder.exchange(GradientExchange.BARRIER_SEGMENTS);
            return segmentSteps == 0 ? builder : builder.segmentSteps(segmentSteps);
        });
        assertThat(segmented.history().asMap()).isEqualTo(gathered.history().asMap());
        assertBitIdentical(segmented.weights(), gathered.weights());
    }

    static Stream<Arguments> multiEpochRuns() {
        return Stream.of(Arguments.of("nd4j", 3, 2), Arguments.of("tensorflow", 2, 2));
    }

    @ParameterizedTest(name = "{0}, {1} epochs in segments of {2} epochs")
    @MethodSource("multiEpochRuns")
    void segmentsOfSeveralEpochsGiveTheOneEpochSegmentsAndDriverGatheredTrainingBitForBit(String backend, int epochs,
                                                                                          int segmentEpochs) {
        TrainingTables.Table table = TrainingTables.jena(3 * BATCH + 5);
        FitConfig config = FitConfig.builder().batchSize(BATCH).shuffleSeed(5L).epochs(epochs)
                .validation(new ArrayBatchSource(table.x(), table.y(), BATCH, null)).build();
        Run gathered = trainJena(table, backend, config, SparkBarrierSegmentsTest::gather);
        Run oneEpoch = trainJena(table, backend, config,
                builder -> builder.exchange(GradientExchange.BARRIER_SEGMENTS));
        Run joined = trainJena(table, backend, config,
                builder -> builder.exchange(GradientExchange.BARRIER_SEGMENTS).segmentEpochs(segmentEpochs));
        assertThat(joined.history().asMap()).containsKey("val_loss").isEqualTo(oneEpoch.history().asMap())
                .isEqualTo(gathered.history().asMap());
        assertBitIdentical(joined.weights(), oneEpoch.weights());
        assertBitIdentical(joined.weights(), gathered.weights());
    }

    static Stream<Arguments> callbacksInsideASegment() {
        return Stream.of(
                Arguments.of("EarlyStopping after epoch 2 of 4", 4, 2, (Supplier<Callback>) () ->
                        new EarlyStopping("loss", 0, 0, false)),
                Arguments.of("the first weights put back after epoch 1 of 3", 3, 3,
                        (Supplier<Callback>) FirstWeightsPutBack::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callbacksInsideASegment")
    void aCallbackActingInsideASegmentOfSeveralEpochsEndsAsWithOneEpochSegments(String name, int epochs, int epochsRun,
                                                                               Supplier<Callback> callback) {
        TrainingTables.Table table = TrainingTables.jena(2 * BATCH);
        Run oneEpoch = trainJena(table, "nd4j", FitConfig.builder().batchSize(BATCH).shuffleSeed(5L).epochs(epochs)
                .callbacks(callback.get()).build(), builder -> builder.exchange(GradientExchange.BARRIER_SEGMENTS));
        Run joined = trainJena(table, "nd4j", FitConfig.builder().batchSize(BATCH).shuffleSeed(5L).epochs(epochs)
                .callbacks(callback.get()).build(),
                builder -> builder.exchange(GradientExchange.BARRIER_SEGMENTS).segmentEpochs(epochs));
        assertThat(joined.history().get("loss")).hasSize(epochsRun);
        assertThat(joined.history().asMap()).isEqualTo(oneEpoch.history().asMap());
        assertBitIdentical(joined.weights(), oneEpoch.weights());
    }

    static Stream<Arguments> timedSegments() {
        return Stream.of(
                Arguments.of("an epoch of 4 steps in segments of 3 and 1", 1,
                        (Setting) builder -> builder.segmentSteps(3), List.of(3, 1)),
                Arguments.of("3 epochs of 4 steps in segments of 2 epochs and 1", 3,
                        (Setting) builder -> builder.segmentEpochs(2), List.of(8, 4)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("timedSegments")
    void segmentTimesTellEachSegmentsTasksStepByStep(String name, int epochs, Setting segments,
                                                     List<Integer> stepsPerSegment) {
        TrainingTables.Table table = TrainingTables.jena(3 * BATCH + 5);
        List<SegmentTimes> times = new ArrayList<>();
        trainJena(table, "nd4j", FitConfig.builder().batchSize(BATCH).epochs(epochs).build(),
                builder -> segments.apply(builder.exchange(GradientExchange.BARRIER_SEGMENTS))
                        .segmentTimes(times::add));
        assertThat(times).hasSameSizeAs(stepsPerSegment);
        for (int s = 0; s < times.size(); s++) {
            SegmentTimes segment = times.get(s);
            assertThat(segment.tasks()).extracting(SegmentTimes.TaskTimes::shard).containsExactly(0, 1);
            for (SegmentTimes.TaskTimes task : segment.tasks()) {
                assertThat(task.computeNanos()).hasSize(stepsPerSegment.get(s));
                assertThat(task.exchangeNanos()).hasSize(stepsPerSegment.get(s));
                assertThat(task.updateNanos()).hasSize(stepsPerSegment.get(s));
                assertThat(Stream.of(task.computeNanos(), task.exchangeNanos(), task.updateNanos())
                        .flatMapToLong(LongStream::of).min().orElseThrow()).isPositive();
                assertThat(task.stepsNanos()).isBetween(LongStream.of(task.computeNanos()).sum()
                        + LongStream.of(task.exchangeNanos()).sum() + LongStream.of(task.updateNanos()).sum(),
                        segment.nanos());
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

    @Test
    void segmentEpochsIsRefusedWithoutBarrierSegmentsOrWithSegmentSteps() {
        assertThatThrownBy(() -> SparkTraining.builder(SparkTrainingTest.jenaRecipe())
                .features(FeatureColumn.tokenIds("ids")).label("label").segmentEpochs(2).build())
                .hasMessageContaining("segmentEpochs applies to GradientExchange.BARRIER_SEGMENTS");
        assertThatThrownBy(() -> SparkTraining.builder(SparkTrainingTest.jenaRecipe())
                .features(FeatureColumn.tokenIds("ids")).label("label").exchange(GradientExchange.BARRIER_SEGMENTS)
                .segmentSteps(2).segmentEpochs(2).build())
                .hasMessageContaining("set one of the two");
        assertThatThrownBy(() -> SparkTraining.builder(SparkTrainingTest.jenaRecipe()).segmentEpochs(0))
                .hasMessageContaining("segmentEpochs");
    }

    /** Puts the weights the run started from back after its first epoch. */
    private static final class FirstWeightsPutBack implements Callback {
        private TrainingRun run;
        private List<NdArray> first;

        @Override
        public void onTrainBegin(TrainingRun run) {
            this.run = run;
            this.first = run.weights();
        }

        @Override
        public void onEpochEnd(int epoch, Logs logs) {
            if (epoch == 0) {
                run.setWeights(first);
            }
        }
    }

    record Run(History history, List<NdArray> weights) {
    }

    interface Setting {
        SparkTraining.Builder apply(SparkTraining.Builder builder);
    }

    static SparkTraining.Builder gather(SparkTraining.Builder builder) {
        return builder.exchange(GradientExchange.DRIVER_GATHER);
    }

    /** Trains the Jena recipe's model on {@code table} in 2 shards, with the {@code setting}'s exchange. */
    private static Run trainJena(TrainingTables.Table table, String backend, FitConfig config, Setting setting) {
        return train(spark, table, SparkTrainingTest.jenaRecipe(), backend, 2, config, setting);
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
