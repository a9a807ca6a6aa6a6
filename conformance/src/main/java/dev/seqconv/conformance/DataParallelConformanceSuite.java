package dev.seqconv.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.seqconv.api.callbacks.History;
import dev.seqconv.conformance.reference.RefArray;
import dev.seqconv.conformance.reference.ReferenceLayers;
import dev.seqconv.api.data.ArrayBatchSource;
import dev.seqconv.api.data.Batch;
import dev.seqconv.api.initializers.Ones;
import dev.seqconv.api.layers.BatchNormalization;
import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.Flatten;
import dev.seqconv.api.losses.MeanSquaredError;
import dev.seqconv.api.training.FitConfig;
import dev.seqconv.api.training.GradientSteps;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.network.ModelWeights;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.training.FitConfig;
import dev.seqconv.api.training.GradientSteps;
import dev.seqconv.api.training.ShardGradients;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A training step split in two — gradients of shards of a global batch ({@code computeGradients}), then the
 * optimizer's update from their combination ({@code applyGradients}) — against the one-call step of {@code fit}:
 * same weights and losses on this backend, with dropout (whose masks are drawn per sample of the global batch,
 * so sharding does not change them).
 */
public abstract class DataParallelConformanceSuite {

    protected abstract Backend backend();

    private static final int BATCH = 8;

    private final SeededRandom random = new SeededRandom(31);
    private final NdArray x = RefArray.uniform(random, -1, 1, 24, 12, 3).toFloat32();
    private final NdArray y = RefArray.uniform(random, -1, 1, 24, 1).toFloat32();

    private Sequential network() {
        return DropoutNetwork.compiled(backend());
    }

    @ParameterizedTest(name = "{0} shards")
    @ValueSource(ints = {1, 2, 3, 8})
    void shardedGradientsAppliedOnceGiveTheWeightsOfOneStep(int shards) {
        List<NdArray> expected;
        try (Sequential model = network()) {
            model.fit(x.rows(0, BATCH), y.rows(0, BATCH), FitConfig.builder().batchSize(BATCH).shuffle(false).build());
            expected = model.getWeights();
        }
        try (Sequential model = network(); Sequential replica = network()) {
            List<ShardGradients> parts = new ArrayList<>();
            for (int k = 0; k < shards; k++) {
                int from = k * BATCH / shards;
                int to = (k + 1) * BATCH / shards;
                parts.add(replica.computeGradients(new Batch(x.rows(from, to), y.rows(from, to)), 0, from));
            }
            model.applyGradients(ShardGradients.combine(parts).gradients());
            assertClose(model.getWeights(), expected, 1e-5);
        }
    }

    /**
     * BatchNormalization's moving statistics in a data-parallel step: each shard's training pass gives them new
     * values from its own batch statistics, and the step assigns the mean of those, as Keras's MirroredStrategy
     * averages them across replicas; with one shard, exactly what {@code fit} gives.
     */
    @Test
    void shardsCarryTheMovingStatisticsOfBatchNormalizationAndTheirMeanIsAssigned() {
        List<NdArray> single;
        try (Sequential model = normalizedNetwork()) {
            model.fit(x.rows(0, BATCH), y.rows(0, BATCH), FitConfig.builder().batchSize(BATCH).shuffle(false).build());
            single = model.getWeights();
        }
        try (Sequential model = normalizedNetwork(); Sequential replica = normalizedNetwork()) {
            model.applyGradients(replica.computeGradients(new Batch(x.rows(0, BATCH), y.rows(0, BATCH)), 0, 0)
                    .gradients());
            assertClose(model.getWeights(), single, 1e-5);
        }
        try (Sequential model = normalizedNetwork(); Sequential replica = normalizedNetwork()) {
            int half = BATCH / 2;
            List<ShardGradients> parts = List.of(
                    replica.computeGradients(new Batch(x.rows(0, half), y.rows(0, half)), 0, 0),
                    replica.computeGradients(new Batch(x.rows(half, BATCH), y.rows(half, BATCH)), 0, half));
            model.applyGradients(ShardGradients.combine(parts).gradients());
            RefArray[] first = ReferenceLayers.moments(RefArray.of(x.rows(0, half)), -1);
            RefArray[] second = ReferenceLayers.moments(RefArray.of(x.rows(half, BATCH)), -1);
            RefArray[] initial = {RefArray.zeros(3), RefArray.of(new Ones().initialize(Shape.of(3), random))};
            for (int s = 0; s < 2; s++) {
                RefArray expected = ReferenceLayers.movingUpdate(initial[s], first[s], 0.9);
                RefArray other = ReferenceLayers.movingUpdate(initial[s], second[s], 0.9);
                for (int c = 0; c < 3; c++) {
                    expected.setFlat(c, (expected.flat(c) + other.flat(c)) / 2);
                }
                Tolerance.assertClose(s == 0 ? "moving_mean" : "moving_variance", model.getWeights().get(2 + s),
                        expected);
            }
        }
    }

    /** {@code (12, 3) → BatchNormalization(momentum 0.9) → Flatten → Dense(1)}, RMSprop and mean squared error. */
    private Sequential normalizedNetwork() {
        Sequential model = Sequential.builder().input(Input.floats(12, 3))
                .add(BatchNormalization.of().withMomentum(0.9)).add(Flatten.of()).add(Dense.of(1)).seed(3).build();
        model.compile(backend(), new RMSprop(0.01f), new MeanSquaredError());
        return model;
    }

    @ParameterizedTest(name = "{0} shards")
    @ValueSource(ints = {1, 3})
    void fitOnShardedGradientsRepeatsTheLossesOfOneProcess(int shards) {
        FitConfig config = FitConfig.builder().epochs(3).batchSize(BATCH).shuffleSeed(5L).build();
        History single;
        try (Sequential model = network()) {
            single = model.fit(x, y, config);
        }
        try (Sequential model = network(); Sequential replica = network()) {
            History sharded = model.fit(new InProcessShards(replica, shards, new ArrayBatchSource(x, y, BATCH, 5L)),
                    FitConfig.builder().epochs(3).build());
            assertThat(sharded.asMap().keySet()).isEqualTo(single.asMap().keySet());
            for (String key : single.asMap().keySet()) {
                List<Double> actual = sharded.get(key);
                for (int i = 0; i < actual.size(); i++) {
                    assertThat(actual.get(i)).as(key + " of epoch " + (i + 1)).isCloseTo(single.get(key).get(i),
                            within(1e-4));
                }
            }
        }
    }

    @Test
    void applyGradientsRefusesGradientsThatDoNotFit() {
        try (Sequential model = network()) {
            List<NdArray> gradients = new ArrayList<>(model.getWeights());
            assertThatThrownBy(() -> model.applyGradients(gradients.subList(1, gradients.size())))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weights, got");
            Shape shape = gradients.get(0).shape();
            float[] values = new float[Math.toIntExact(shape.size())];
            values[0] = Float.NaN;
            gradients.set(0, NdArray.wrapFloats(shape, values));
            assertThatThrownBy(() -> model.applyGradients(gradients)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Gradient of conv1d/kernel holds NaN");
            gradients.set(0, NdArray.zeros(Shape.of(1, 2)));
            assertThatThrownBy(() -> model.applyGradients(gradients)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Gradient of conv1d/kernel has shape");
        }
    }

    @Test
    void fitOnGradientStepsRefusesSettingsThatBelongToLocalBatches() {
        try (Sequential model = network(); Sequential replica = network()) {
            InProcessShards steps = new InProcessShards(replica, 2, new ArrayBatchSource(x, y, BATCH, 5L));
            assertThatThrownBy(() -> model.fit(steps, FitConfig.builder().stepsPerEpoch(1).build()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leave it unset");
            assertThatThrownBy(() -> model.fit(steps, FitConfig.builder().validationSplit(0.2).build()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validation(source)");
        }
    }

    private static void assertClose(List<NdArray> actual, List<NdArray> expected, double tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int w = 0; w < actual.size(); w++) {
            float[] a = actual.get(w).toFloatArray();
            float[] e = expected.get(w).toFloatArray();
            for (int i = 0; i < a.length; i++) {
                assertThat((double) a[i]).as("weight %d [%d]", w, i).isCloseTo(e[i], within(tolerance));
            }
        }
    }

    /** Data-parallel steps in one process: each global batch split into shards, all computed on one replica. */
    private record InProcessShards(Sequential replica, int shards, ArrayBatchSource batches) implements GradientSteps {

        @Override
        public int stepsPerEpoch() {
            return batches.stepsPerEpoch();
        }

        @Override
        public ShardGradients compute(int epoch, int step, long trainingStep, ModelWeights weights) {
            var iterator = batches.epoch(epoch);
            Batch batch = iterator.next();
            for (int s = 0; s < step; s++) {
                batch = iterator.next();
            }
            replica.setWeights(weights);
            List<ShardGradients> parts = new ArrayList<>();
            for (int k = 0; k < shards; k++) {
                int from = k * batch.size() / shards;
                int to = (k + 1) * batch.size() / shards;
                parts.add(replica.computeGradients(new Batch(batch.x().rows(from, to), batch.y().rows(from, to)),
                        trainingStep, from));
            }
            return ShardGradients.combine(parts);
        }
    }
}
