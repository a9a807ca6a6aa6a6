package dev.seqconv.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.callbacks.History;
import dev.seqconv.api.callbacks.ModelCheckpoint;
import dev.seqconv.api.losses.MeanSquaredError;
import dev.seqconv.api.metrics.MeanAbsoluteErrorMetric;
import dev.seqconv.api.metrics.Metric;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.api.training.FitConfig;
import dev.seqconv.models.JenaNetworks;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Faults during data-parallel training on Spark ({@code local[2]} with up to 3 attempts a task): a task that
 * throws is retried and the training is that of an uninterrupted run; a step whose task fails every attempt stops
 * {@code fit} with the task's error; a barrier task that fails mid-segment (in the segment's second epoch where a
 * segment spans two) fails its stage, whose retry from the segment's start gives the uninterrupted run's bits; training resumed from a per-epoch checkpoint ends as the uninterrupted run;
 * an executor without the backend says which host and why.
 */
class SparkTrainingFaultsTest {

    private static final int BATCH = 8;
    private static final TrainingTables.Table TABLE = TrainingTables.jena(5 * BATCH);
    /** The metric call (one per shard and step, counted in this JVM) that throws; 0 for none. */
    private static final AtomicInteger FAIL_AT = new AtomicInteger();
    private static final AtomicInteger CALLS = new AtomicInteger();
    private static final AtomicInteger FAILURES = new AtomicInteger();

    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.session("local[2,3]");
    }

    @AfterEach
    void disarm() {
        FAIL_AT.set(0);
    }

    @Test
    void aTaskThatFailsIsRetriedAndTheTrainingIsThatOfAnUninterruptedRun() {
        Run uninterrupted = train(3, fitConfig().epochs(3));
        arm(17, false);
        Run interrupted = train(3, fitConfig().epochs(3));
        assertThat(FAILURES.get()).as("injected failures").isEqualTo(1);
        assertThat(interrupted.history().asMap()).isEqualTo(uninterrupted.history().asMap());
        assertSameWeights(interrupted.weights(), uninterrupted.weights());
    }

    @ParameterizedTest(name = "segments of {0} epochs")
    @ValueSource(ints = {1, 2})
    void aBarrierTaskThatFailsMidSegmentIsRetriedWithItsStageAndTheTrainingIsThatOfAnUninterruptedRun(int epochs) {
        Run uninterrupted = train(training(2, "nd4j"), fitConfig().epochs(2));
        arm(15, false);
        Run interrupted = train(training(2, "nd4j").exchange(GradientExchange.BARRIER_SEGMENTS).segmentEpochs(epochs),
                fitConfig().epochs(2));
        assertThat(FAILURES.get()).as("injected failures").isEqualTo(1);
        assertThat(interrupted.history().asMap()).isEqualTo(uninterrupted.history().asMap());
        assertSameWeights(interrupted.weights(), uninterrupted.weights());
    }

    @Test
    void aStepWhoseTaskFailsEveryAttemptStopsFitWithTheTasksError() {
        arm(5, true);
        assertThatThrownBy(() -> train(3, fitConfig().epochs(3)))
                .hasMessageContaining("injected failure").hasMessageContaining("failed 3 times");
    }

    @Test
    void trainingResumedFromAnEpochCheckpointEndsAsTheUninterruptedRun() {
        Run uninterrupted = train(3, fitConfig().epochs(4));
        Path checkpoint = dir.resolve("epoch.h5");
        train(3, fitConfig().epochs(2).callbacks(ModelCheckpoint.last(checkpoint)));
        try (Sequential model = recipe().build(Backends.get("nd4j"))) {
            int epoch = model.loadCheckpoint(checkpoint);
            assertThat(epoch).isEqualTo(1);
            History resumed = training(3, "nd4j").build().fit(model, TABLE.frame(spark),
                    fitConfig().epochs(4).initialEpoch(epoch + 1).build());
            assertThat(resumed.get("loss")).isEqualTo(uninterrupted.history().get("loss").subList(2, 4));
            assertSameWeights(model.getWeights(), uninterrupted.weights());
        }
    }

    @Test
    void anExecutorWithoutTheBackendSaysWhichHostAndWhy() {
        try (Sequential model = recipe().build(Backends.get("nd4j"))) {
            assertThatThrownBy(() -> training(2, "absent").build().fit(model, TABLE.frame(spark), FitConfig.builder().build()))
                    .hasMessageContaining("cannot use backend 'absent'").hasMessageContaining("on host")
                    .hasMessageContaining("executors' classpath");
        }
    }

    private record Run(History history, List<NdArray> weights) {
    }

    private Run train(int shards, FitConfig.Builder config) {
        return train(training(shards, "nd4j"), config);
    }

    private Run train(SparkTraining.Builder training, FitConfig.Builder config) {
        try (Sequential model = recipe().build(Backends.get("nd4j"))) {
            History history = training.build().fit(model, TABLE.frame(spark), config.build());
            return new Run(history, model.getWeights());
        }
    }

    /** The batches and shuffle of every run here. */
    private static FitConfig.Builder fitConfig() {
        return FitConfig.builder().batchSize(BATCH).shuffleSeed(3L);
    }

    private static SparkTraining.Builder training(int shards, String backend) {
        return SparkTraining.builder(recipe()).features(TABLE.features()).label("label").shards(shards)
                .backend(backend).exchange(GradientExchange.DRIVER_GATHER);
    }

    private static ModelRecipe recipe() {
        return b -> {
            Sequential model = JenaNetworks.conv1dGru(TrainingTables.TIMESTEPS, true, 7);
            model.compile(b, new RMSprop(1e-3f), new MeanSquaredError(), new FailingMae());
            return model;
        };
    }

    /** Arms the failure at metric call {@code call} of the next run, once or from then on. */
    private static void arm(int call, boolean always) {
        CALLS.set(0);
        FAILURES.set(0);
        FAIL_AT.set(always ? -call : call);
    }

    private static void assertSameWeights(List<NdArray> actual, List<NdArray> expected) {
        for (int w = 0; w < expected.size(); w++) {
            assertThat(actual.get(w).toFloatArray()).as("weight %d", w).isEqualTo(expected.get(w).toFloatArray());
        }
    }

    /** The mean absolute error, throwing at the armed call: the shard's task fails after its gradients. */
    static final class FailingMae implements Metric {
        private final Metric mae = new MeanAbsoluteErrorMetric();

        @Override
        public String name() {
            return mae.name();
        }

        @Override
        public double[] perSample(NdArray yTrue, NdArray yPred) {
            int call = CALLS.incrementAndGet();
            int armed = FAIL_AT.get();
            if (armed > 0 && call == armed || armed < 0 && call >= -armed) {
                FAILURES.incrementAndGet();
                throw new IllegalStateException("injected failure at metric call " + call);
            }
            return mae.perSample(yTrue, yPred);
        }
    }
}
