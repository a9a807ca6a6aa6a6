package dev.seqconv.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.callbacks.EarlyStopping;
import dev.seqconv.api.callbacks.History;
import dev.seqconv.api.callbacks.ModelCheckpoint;
import dev.seqconv.api.callbacks.TerminateOnNaN;
import dev.seqconv.conformance.reference.RefArray;
import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.losses.CategoricalCrossentropy;
import dev.seqconv.api.losses.Loss;
import dev.seqconv.api.losses.MeanSquaredError;
import dev.seqconv.api.losses.SparseCategoricalCrossentropy;
import dev.seqconv.api.metrics.CategoricalAccuracy;
import dev.seqconv.api.metrics.Metric;
import dev.seqconv.api.metrics.SparseCategoricalAccuracy;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.optimizers.Adam;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.training.FitConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training across runs on the backend: repeatability, checkpoints and resuming, and the callbacks that stop
 * training (EarlyStopping, TerminateOnNaN), with Keras's semantics.
 */
public abstract class TrainingConformanceSuite {

    protected abstract Backend backend();

    @TempDir
    Path dir;

    private final SeededRandom random = new SeededRandom(77);
    private final NdArray x = RefArray.uniform(random, -1, 1, 40, 12, 3).toFloat32();
    private final NdArray y = RefArray.uniform(random, -1, 1, 40, 1).toFloat32();

    private Sequential network() {
        return DropoutNetwork.compiled(backend());
    }

    private FitConfig.Builder fit(int epochs) {
        return FitConfig.builder().epochs(epochs).batchSize(8).validationSplit(0.25);
    }

    @Test
    void twoRunsWithOneSeedGiveIdenticalHistories() {
        History first;
        History second;
        try (Sequential model = network()) {
            first = model.fit(x, y, fit(3).build());
        }
        try (Sequential model = network()) {
            second = model.fit(x, y, fit(3).build());
        }
        assertThat(second.asMap()).isEqualTo(first.asMap());
    }

    @Test
    void aRunResumedFromItsCheckpointRepeatsTheUninterruptedOne() {
        History uninterrupted;
        try (Sequential model = network()) {
            uninterrupted = model.fit(x, y, fit(4).build());
        }
        Path checkpoint = dir.resolve("last.h5");
        try (Sequential model = network()) {
            model.fit(x, y, fit(2).callbacks(ModelCheckpoint.last(checkpoint)).build());
        }
        try (Sequential model = network()) {
            int epoch = model.loadCheckpoint(checkpoint);
            assertThat(epoch).isEqualTo(1);
            History resumed = model.fit(x, y, fit(4).initialEpoch(epoch + 1).build());
            assertThat(resumed.get("loss")).containsExactlyElementsOf(uninterrupted.get("loss").subList(2, 4));
            assertThat(resumed.get("val_mae")).containsExactlyElementsOf(uninterrupted.get("val_mae").subList(2, 4));
        }
    }

    @Test
    void theBestCheckpointKeepsTheBestEpoch() {
        Path best = dir.resolve("best.h5");
        try (Sequential model = network()) {
            History history = model.fit(x, y, fit(5).callbacks(ModelCheckpoint.best(best, "val_loss")).build());
            List<Double> validation = history.get("val_loss");
            int bestEpoch = validation.indexOf(validation.stream().min(Double::compare).orElseThrow());
            try (Sequential restored = network()) {
                assertThat(restored.loadCheckpoint(best)).isEqualTo(bestEpoch);
            }
        }
    }

    @Test
    void checkpointsRefuseWeightsFilesAndOtherOptimizers() {
        Path weights = dir.resolve("w.weights.h5");
        Path checkpoint = dir.resolve("c.h5");
        try (Sequential model = network()) {
            model.saveWeights(weights);
            model.saveCheckpoint(checkpoint, 0);
            assertThatThrownBy(() -> model.loadCheckpoint(weights)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a checkpoint");
            model.loadWeights(checkpoint);
            model.compile(backend(), new Adam(), new MeanSquaredError());
            assertThatThrownBy(() -> model.loadCheckpoint(checkpoint)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("holds the state of RMSprop, but the model is compiled with Adam");
        }
    }

    @Test
    void earlyStoppingStopsWithoutImprovementAndRestoresTheBestWeights() {
        try (Sequential model = network()) {
            EarlyStopping stop = new EarlyStopping("val_loss", 0, 1, true);
            History history = model.fit(x, y, fit(30).callbacks(stop).build());
            List<Double> validation = history.get("val_loss");
            assertThat(history.epochs()).isLessThan(30).isEqualTo(stop.stoppedEpoch() + 1);
            assertThat(validation.get(validation.size() - 1)).isGreaterThanOrEqualTo(validation.get(stop.bestEpoch()));
            double restored = model.evaluate(x.rows(30, 40), y.rows(30, 40), 8).get("loss");
            assertThat(restored).isCloseTo(validation.get(stop.bestEpoch()), org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void aNonFiniteLossFailsClearlyUnlessTerminateOnNaNStopsTraining() {
        NdArray huge = NdArray.ofFloats(dev.seqconv.api.ndarray.Shape.of(40, 1), filled(40, 1e30f));
        try (Sequential model = network()) {
            assertThatThrownBy(() -> model.fit(x, huge, fit(2).build())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Training diverged").hasMessageContaining("TerminateOnNaN");
        }
        try (Sequential model = network()) {
            TerminateOnNaN terminate = new TerminateOnNaN();
            History history = model.fit(x, huge, fit(5).callbacks(terminate).build());
            assertThat(terminate.terminated()).isTrue();
            assertThat(history.epochs()).isEqualTo(1);
            assertThat(history.get("loss").get(0)).isInfinite();
        }
    }

    private static float[] filled(int n, float value) {
        float[] v = new float[n];
        Arrays.fill(v, value);
        return v;
    }

    @Test
    void aSoftmaxClassifierFitsWithEachCategoricalLossAndAccuracy() {
        int n = 60;
        RefArray features = RefArray.uniform(random, -1, 1, n, 4);
        float[] ids = new float[n];
        float[] oneHot = new float[n * 3];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < 3; c++) {
                best = features.flat(i * 4 + c) > features.flat(i * 4 + best) ? c : best;
            }
            ids[i] = best;
            oneHot[i * 3 + best] = 1;
        }
        NdArray inputs = features.toFloat32();
        fitsAClassifier(new CategoricalCrossentropy(), new CategoricalAccuracy(), inputs,
                NdArray.ofFloats(Shape.of(n, 3), oneHot));
        fitsAClassifier(new SparseCategoricalCrossentropy(), new SparseCategoricalAccuracy(), inputs,
                NdArray.ofFloats(Shape.of(n), ids));
    }

    private void fitsAClassifier(Loss loss, Metric accuracy, NdArray inputs, NdArray targets) {
        try (Sequential model = Sequential.builder().input(Input.floats(4)).add(Dense.of(3, Activation.SOFTMAX))
                .seed(5).build()) {
            model.compile(backend(), new Adam(0.05f), loss, accuracy);
            History history = model.fit(inputs, targets, FitConfig.builder().epochs(15).batchSize(10).build());
            List<Double> losses = history.get("loss");
            assertThat(losses.get(losses.size() - 1)).as(loss.name() + " decreases").isLessThan(0.7 * losses.get(0));
            List<Double> accuracies = history.get(accuracy.name());
            assertThat(accuracies.get(accuracies.size() - 1)).as(accuracy.name()).isGreaterThan(0.8);
        }
    }
}
