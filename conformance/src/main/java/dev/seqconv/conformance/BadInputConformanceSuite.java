package dev.seqconv.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.callbacks.Callback;
import dev.seqconv.api.callbacks.History;
import dev.seqconv.api.callbacks.Logs;
import dev.seqconv.api.callbacks.ModelCheckpoint;
import dev.seqconv.api.callbacks.TerminateOnNaN;
import dev.seqconv.api.callbacks.TrainingRun;
import dev.seqconv.conformance.reference.RefArray;
import dev.seqconv.api.data.Batch;
import dev.seqconv.api.data.BatchSource;
import dev.seqconv.api.io.CheckpointFile;
import dev.seqconv.api.io.NonFiniteValuesException;
import dev.seqconv.api.layers.AveragePooling1D;
import dev.seqconv.api.layers.Conv1D;
import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.Dropout;
import dev.seqconv.api.layers.Embedding;
import dev.seqconv.api.layers.GRU;
import dev.seqconv.api.layers.GlobalMaxPooling1D;
import dev.seqconv.api.layers.MaxPooling1D;
import dev.seqconv.api.layers.Padding;
import dev.seqconv.api.layers.RecurrentOptions;
import dev.seqconv.api.losses.BinaryCrossentropy;
import dev.seqconv.api.losses.SparseCategoricalCrossentropy;
import dev.seqconv.api.losses.Loss;
import dev.seqconv.api.losses.CategoricalCrossentropy;
import dev.seqconv.api.losses.MeanSquaredError;
import dev.seqconv.api.training.FitConfig;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.ops.Variable;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.api.optimizers.SGD;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.spi.Executor;
import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/**
 * The bad-input catalogue: each case gives an exception that names the problem and the fix — never a JVM crash,
 * a hang or a silent wrong answer — on the backend under test. Inputs reach the engine only after the host
 * has checked them.
 */
public abstract class BadInputConformanceSuite {

    protected abstract Backend backend();

    @TempDir
    Path dir;

    private final SeededRandom random = new SeededRandom(31);

    /** Token ids of length 12, vocabulary 20: Embedding, Conv1D, pooling, Dense. */
    private Sequential tokens() {
        Sequential model = Sequential.builder().input(Input.ints(12)).add(Embedding.of(20, 4))
                .add(Conv1D.of(3, 3, Activation.RELU)).add(GlobalMaxPooling1D.of()).add(Dense.of(1, Activation.SIGMOID))
                .seed(3).build();
        model.compile(backend(), new RMSprop(), new BinaryCrossentropy());
        return model;
    }

    /** A sequence regressor on (10, 14) features, as the Jena networks. */
    private Sequential series() {
        return compiled(Sequential.builder().input(Input.floats(10, 14)).add(Conv1D.of(3, 3, Activation.RELU))
                .add(GlobalMaxPooling1D.of()).add(Dense.of(1)).seed(3).build());
    }

    /** Token ids of {@code length} to {@code features} each, pooled: a model whose activations can outgrow memory. */
    private Sequential pooledEmbedding(int length, int features) {
        return compiled(Sequential.builder().input(Input.ints(length)).add(Embedding.of(20, features))
                .add(GlobalMaxPooling1D.of()).add(Dense.of(1)).seed(1).build());
    }

    /** {@code model} compiled on the backend under test with RMSprop and mean squared error. */
    private Sequential compiled(Sequential model) {
        model.compile(backend(), new RMSprop(), new MeanSquaredError());
        return model;
    }

    /** One token to 2^20 features: batches of 2,048 outgrow a Java array and an engine array. */
    private Sequential wideEmbedding() {
        return compiled(Sequential.builder().input(Input.ints(1)).add(Embedding.of(2, 1 << 20)).seed(1).build());
    }

    /**
     * Saves a model's weights, changes the file's bytes with {@code damage}, and checks that loading the file back is
     * refused with an {@link IllegalArgumentException} naming each of {@code mentions}.
     */
    private void assertDamagedWeightsRefused(UnaryOperator<byte[]> damage, String... mentions) throws IOException {
        Path file = dir.resolve("damaged.weights.h5");
        try (Sequential s = series()) {
            s.saveWeights(file);
            Files.write(file, damage.apply(Files.readAllBytes(file)));
        }
        assertRefused(series(), m -> m.loadWeights(file), mentions);
    }

    /** A source that promises {@code stepsPerEpoch} batches an epoch and yields {@code batches}, maybe fewer. */
    private static BatchSource source(int stepsPerEpoch, List<Batch> batches) {
        return BatchSource.of(stepsPerEpoch, epoch -> batches.iterator());
    }

    private NdArray ids(int samples, int length, int bound) {
        int[] v = new int[samples * length];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextInt(bound);
        }
        return NdArray.ofInts(Shape.of(samples, length), v);
    }

    private NdArray floats(int... shape) {
        return RefArray.uniform(random, -1, 1, shape).toFloat32();
    }

    private static NdArray labels(int samples) {
        return NdArray.zeros(Shape.of(samples));
    }

    private static FitConfig one() {
        return FitConfig.builder().batchSize(4).build();
    }

    /**
     * Checks that {@code call} on {@code model} throws an {@link IllegalArgumentException} whose message names each
     * of {@code mentions}; closes the model.
     */
    private static void assertRefused(Sequential model, Consumer<Sequential> call, String... mentions) {
        try (model) {
            var refusal = assertThatThrownBy(() -> call.accept(model)).isInstanceOf(IllegalArgumentException.class);
            for (String mention : mentions) {
                refusal.hasMessageContaining(mention);
            }
        }
    }

    // ---- shapes and types of the data

    @Test
    void inputOfTheWrongRank() {
        assertRefused(tokens(), m -> m.predict(NdArray.ofInts(Shape.of(2, 12, 1), new int[24])),
                "samples of shape (12,)");
    }

    @Test
    void sequencesOfTheWrongLength() {
        assertRefused(tokens(), m -> m.fit(ids(4, 13, 20), labels(4), one()), "got an array of shape (4, 13)");
    }

    @Test
    void aFeatureCountThatDiffersFromTheModels() {
        assertRefused(series(), m -> m.predict(floats(3, 10, 13)), "samples of shape (10, 14)");
    }

    @Test
    void negativeTokenIds() {
        NdArray x = NdArray.ofInts(Shape.of(1, 12), -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertRefused(tokens(), m -> m.predict(x), "Token id -1", "[0, 20)");
    }

    @Test
    void tokenIdsBeyondTheVocabularyNeverReachTheEngine() {
        assertRefused(tokens(), m -> m.fit(ids(4, 12, 21 + 1000), labels(4), one()),
                "outside the Embedding's vocabulary", "out-of-vocabulary id 2");
    }

    @Test
    void floatsWhereTokenIdsBelong() {
        assertRefused(tokens(), m -> m.predict(floats(2, 12)), "takes INT32 inputs", "NdArray.ofInts");
    }

    @Test
    void nanInTheInputs() {
        float[] v = floats(2, 10, 14).toFloatArray();
        v[17] = Float.NaN;
        assertRefused(series(), m -> m.predict(NdArray.ofFloats(Shape.of(2, 10, 14), v)),
                "input of sample 0 holds NaN");
    }

    @Test
    void infinityInTheInputs() {
        float[] v = floats(2, 10, 14).toFloatArray();
        v[200] = Float.POSITIVE_INFINITY;
        assertRefused(series(), m -> m.fit(NdArray.ofFloats(Shape.of(2, 10, 14), v), labels(2), one()),
                "sample 1 holds Infinity");
    }

    @Test
    void nanInTheTargets() {
        NdArray y = NdArray.ofFloats(Shape.of(2), 0f, Float.NaN);
        assertRefused(series(), m -> m.fit(floats(2, 10, 14), y, one()), "target of sample 1 holds NaN");
    }

    @Test
    void aLossThatBecomesNonFinite() {
        try (Sequential m = series()) {
            NdArray y = NdArray.ofFloats(Shape.of(4), 3e20f, 3e20f, 3e20f, 3e20f);
            assertThatThrownBy(() -> m.fit(floats(4, 10, 14), y, one())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Training diverged").hasMessageContaining("Lower the learning rate");
        }
    }

    @Test
    void anEmptyDataSet() {
        try (Sequential m = series()) {
            assertThatThrownBy(() -> m.fit(NdArray.zeros(Shape.of(0, 10, 14)), labels(0), one()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
            assertThatThrownBy(() -> m.predict(NdArray.zeros(Shape.of(0, 10, 14))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no samples");
        }
    }

    @Test
    void batchesOfOneSampleWork() {
        try (Sequential m = series()) {
            History h = m.fit(floats(3, 10, 14), labels(3), FitConfig.builder().batchSize(1).build());
            assertThat(h.get("loss")).allMatch(Double::isFinite);
            assertThat(m.predict(floats(1, 10, 14), 1).shape()).isEqualTo(Shape.of(1, 1));
        }
    }

    @Test
    void aBatchSizeLargerThanTheDataMakesOneBatch() {
        try (Sequential m = series()) {
            List<Integer> sizes = new ArrayList<>();
            m.fit(floats(5, 10, 14), labels(5), FitConfig.builder().batchSize(1000).callbacks(
                    new Callback() {
                        @Override
                        public void onTrainBegin(TrainingRun run) {
                            sizes.add(run.stepsPerEpoch());
                        }
                    }).build());
            assertThat(sizes).containsExactly(1);
        }
    }

    @Test
    void targetsOfTheWrongShape() {
        assertRefused(series(), m -> m.fit(floats(4, 10, 14), NdArray.zeros(Shape.of(4, 2)), one()),
                "give targets shaped (4, 1)");
    }

    @Test
    void fewerTargetsThanSamples() {
        assertRefused(series(), m -> m.fit(floats(4, 10, 14), labels(3), one()), "4 input samples but 3 targets");
    }

    @Test
    void aBatchSourceThatRunsOut() {
        try (Sequential m = series()) {
            BatchSource short1 = source(3, List.of(new Batch(floats(2, 10, 14), labels(2))));
            assertThatThrownBy(() -> m.fit(short1, FitConfig.builder().build()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("ran out after 1 of 3 batches");
        }
    }

    @Test
    void anAbsurdBatchIsRefusedBeforeTheEngineAllocates() {
        NdArray x = NdArray.ofInts(Shape.of(2000, 4000), new int[2000 * 4000]);
        assertRefused(pooledEmbedding(4000, 4096), m -> m.predict(x, 2000), "GB for this model's activations",
                "lower the batch size");
    }

    @Test
    void aRecurrentLayerOverLongSequencesCountsItsStepsInTheEstimate() {
        NdArray x = NdArray.zeros(Shape.of(1024, 2000, 14));
        assertRefused(compiled(Sequential.builder().input(Input.floats(2000, 14)).add(GRU.of(512)).add(Dense.of(1))
                        .seed(1).build()), m -> m.fit(x, labels(1024), FitConfig.builder().batchSize(1024).build()),
                "training batch of 1,024 samples", "GB for this model's activations", "lower the batch size");
    }

    @Test
    void aPredictionOfMoreValuesThanAJavaArrayHolds() {
        NdArray x = NdArray.ofInts(Shape.of(2048, 1), new int[2048]);
        assertRefused(wideEmbedding(), m -> m.predict(x), "2,147,483,648 values", "slices of at most 2,047 samples");
    }

    @Test
    void aBatchWhoseLayerOutputOverflowsAnEngineArray() {
        NdArray x = NdArray.ofInts(Shape.of(2048, 1), new int[2048]);
        assertRefused(wideEmbedding(), m -> m.predict(x, 2048), "more than an engine array holds", "at most 2,047");
    }

    // ---- configurations

    @Test
    void zeroAndNegativeSizes() {
        assertThatThrownBy(() -> Conv1D.of(0, 3, Activation.RELU)).hasMessageContaining("filters must be > 0, got 0");
        assertThatThrownBy(() -> Conv1D.of(4, -1, Activation.RELU)).hasMessageContaining("kernelSize must be > 0");
        assertThatThrownBy(() -> Dense.of(0)).hasMessageContaining("units must be > 0");
        assertThatThrownBy(() -> Embedding.of(10, 0)).hasMessageContaining("outputDim must be > 0");
        assertThatThrownBy(() -> MaxPooling1D.of(-2)).hasMessageContaining("poolSize must be > 0");
        assertThatThrownBy(() -> Input.floats(0, 3)).hasMessageContaining("must be > 0");
        assertThatThrownBy(() -> FitConfig.builder().batchSize(0)).hasMessageContaining("batchSize must be > 0");
        assertThatThrownBy(() -> RecurrentOptions.of(0)).hasMessageContaining("units must be > 0");
    }

    @Test
    void unknownOrContradictoryLayerOptions() {
        assertThatThrownBy(() -> MaxPooling1D.of(2).withPadding(Padding.CAUSAL)).hasMessageContaining("only for Conv1D");
        assertThatThrownBy(() -> Conv1D.of(2, 3).withStrides(2).withDilationRate(2))
                .hasMessageContaining("strides > 1 with dilationRate > 1");
        assertThatThrownBy(() -> Dropout.of(1.0)).hasMessageContaining("rate must be in [0, 1)");
        assertThatThrownBy(() -> RecurrentOptions.builder(4).recurrentDropout(-0.1).build())
                .hasMessageContaining("must be in [0, 1)");
        assertThatThrownBy(() -> new RMSprop(-1f)).hasMessageContaining("learningRate must be a finite number > 0");
        assertThatThrownBy(() -> new SGD(0.1f, 1.5f, false)).hasMessageContaining("momentum must be in [0, 1)");
        assertThatThrownBy(() -> FitConfig.builder().epochs(2).initialEpoch(2).build())
                .hasMessageContaining("leaves no epoch to train");
        assertThatThrownBy(() -> FitConfig.builder().validationSplit(0.2).validationData(NdArray.scalar(0),
                NdArray.scalar(0)).build()).hasMessageContaining("not several");
    }

    @Test
    void aPoolLargerThanTheSequence() {
        assertThatThrownBy(() -> Sequential.builder().input(Input.floats(4, 2)).add(AveragePooling1D.of(5)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shorter than the pool of 5")
                .hasMessageContaining("padding SAME");
    }

    @Test
    void aSequenceTooShortForTheKernel() {
        assertThatThrownBy(() -> Sequential.builder().input(Input.floats(4, 2)).add(Conv1D.of(2, 7, Activation.RELU))
                .build()).hasMessageContaining("4 steps is too short for a window of 7 steps");
    }

    @Test
    void aLayerThatCannotTakeItsInput() {
        assertThatThrownBy(() -> Sequential.builder().input(Input.floats(8)).add(GlobalMaxPooling1D.of()).build())
                .hasMessageContaining("(batch, time, features)");
        assertThatThrownBy(() -> Sequential.builder().input(Input.floats(8, 2)).add(Conv1D.of(2, 2, Activation.RELU))
                .add(Embedding.of(5, 2)).build()).hasMessageContaining("can only be the first layer");
        assertThatThrownBy(() -> Sequential.builder().add(Dense.of(1)).build()).hasMessageContaining("needs an input");
    }

    @Test
    void aValidationSplitThatLeavesNothing() {
        try (Sequential m = series()) {
            assertThatThrownBy(() -> m.fit(floats(3, 10, 14), labels(3), FitConfig.builder().validationSplit(0.7).build()))
                    .hasMessageContaining("leaves 0 for training and 3 for validation");
        }
    }

    // ---- files

    @Test
    void aWeightsFileOfAnotherModel() {
        Path file = dir.resolve("series.weights.h5");
        try (Sequential s = series(); Sequential t = tokens()) {
            s.saveWeights(file);
            assertThatThrownBy(() -> t.loadWeights(file)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("saved from another model");
        }
    }

    @Test
    void aTruncatedWeightsFile() throws Exception {
        assertDamagedWeightsRefused(bytes -> Arrays.copyOf(bytes, bytes.length / 2), "is truncated: it holds");
    }

    @Test
    void aCheckpointOfAnotherFormatVersion() throws Exception {
        Path future = dir.resolve("future.h5");
        try (var h5 = HdfFile.write(future)) {
            h5.putAttribute("seqconv_checkpoint_version", CheckpointFile.VERSION + 1);
            h5.putGroup("layers");
            h5.putGroup("optimizer").putGroup("vars");
        }
        try (Sequential pooling = Sequential.builder().input(Input.floats(10, 14)).add(GlobalMaxPooling1D.of())
                .seed(1).build()) {
            pooling.compile(backend(), new RMSprop(), new MeanSquaredError());
            assertThatThrownBy(() -> pooling.loadCheckpoint(future)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("format version " + (CheckpointFile.VERSION + 1))
                    .hasMessageContaining("this seqconv reads version " + CheckpointFile.VERSION);
        }
    }

    @Test
    void aCheckpointSavedWithOtherOptimizerSettingsSaysOnlyTheSettingsDiffer() {
        Path file = dir.resolve("momentum.h5");
        try (Sequential momentum = Sequential.builder().input(Input.floats(10, 14)).add(Conv1D.of(3, 3))
                .add(GlobalMaxPooling1D.of()).add(Dense.of(1)).seed(3).build();
             Sequential plain = series()) {
            momentum.compile(backend(), new SGD(0.01f, 0.9f, false), new MeanSquaredError());
            momentum.saveCheckpoint(file, 0);
            plain.compile(backend(), new SGD(), new MeanSquaredError());
            assertThatThrownBy(() -> plain.loadCheckpoint(file)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(file.toString())
                    .hasMessageContaining("only the optimizer's settings differ")
                    .hasMessageContaining("5 variables where the model's SGD keeps 1 (1 per weight besides the step "
                            + "count, against 0)")
                    .hasMessageNotContaining("another model");
        }
    }

    /** Input.floats(2) → Dense(1), compiled with RMSprop: the model of {@link #writeCheckpoint}. */
    private Sequential smallDense() {
        return compiled(Sequential.builder().input(Input.floats(2)).add(Dense.of(1)).seed(1).build());
    }

    /**
     * A checkpoint of {@link #smallDense()} in seqconv's layout, as seqconv writes it but for the given epoch
     * attribute and step count.
     */
    private static void writeCheckpoint(Path file, Object epoch, float step) throws IOException {
        Files.deleteIfExists(file);
        try (var h5 = HdfFile.write(file)) {
            h5.putAttribute("seqconv_format", "keras-weights-h5/1");
            h5.putAttribute("seqconv_checkpoint_version", CheckpointFile.VERSION);
            h5.putAttribute("optimizer", "RMSprop");
            h5.putAttribute("epoch", epoch);
            var dense = h5.putGroup("layers").putGroup("dense");
            dense.putAttribute("class_name", "Dense");
            var weights = dense.putGroup("vars");
            weights.putDataset("0", new float[][] {{1}, {2}});
            weights.putDataset("1", new float[] {3});
            var state = h5.putGroup("optimizer").putGroup("vars");
            state.putDataset("0", new float[][] {{0}, {0}});
            state.putDataset("1", new float[] {0});
            state.putDataset("2", new float[] {step});
        }
    }

    @Test
    void aCheckpointEpochMustBeAWholeNumberFromZeroThatAnIntHolds() throws Exception {
        try (Sequential model = smallDense()) {
            Path file = dir.resolve("epoch.h5");
            writeCheckpoint(file, 4, 8);
            assertThat(model.loadCheckpoint(file)).isEqualTo(4);
            for (Object epoch : List.of(-5, 1L << 40, 2.5)) {
                writeCheckpoint(file, epoch, 8);
                String problem = epoch.equals(-5) ? "is -5, negative"
                        : epoch.equals(1L << 40) ? "is 1099511627776, out of range (at most 2147483646)"
                        : "is 2.5, not a whole number";
                assertThatThrownBy(() -> model.loadCheckpoint(file)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith(file.toString())
                        .hasMessageContaining("checkpoint attribute 'epoch' " + problem)
                        .hasMessageContaining("Resume from another checkpoint");
            }
        }
    }

    @Test
    void aCheckpointStepCountMustBeAWholeNumberFromZero() throws Exception {
        try (Sequential model = smallDense()) {
            Path file = dir.resolve("step.h5");
            for (float step : new float[] {-3, 1.5f}) {
                writeCheckpoint(file, 0, step);
                assertThatThrownBy(() -> model.loadCheckpoint(file)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith(file.toString())
                        .hasMessageContaining("step count is " + step + ", not a whole number >= 0");
            }
        }
    }

    @Test
    void aNegativeEpochIsNotSaved() {
        try (Sequential s = series()) {
            assertThatThrownBy(() -> s.saveCheckpoint(dir.resolve("negative.h5"), -1))
                    .hasMessageContaining("epoch must be >= 0, got -1");
            assertThat(dir.resolve("negative.h5")).doesNotExist();
        }
    }

    @Test
    void nonFiniteWeights() {
        try (Sequential s = series()) {
            List<NdArray> weights = new ArrayList<>(s.getWeights());
            float[] bad = weights.get(0).toFloatArray();
            bad[0] = Float.NaN;
            weights.set(0, NdArray.ofFloats(weights.get(0).shape(), bad));
            assertThatThrownBy(() -> s.setWeights(weights)).hasMessageContaining("holds NaN or infinite values");
        }
    }

    // ---- files (HDF5 features, checksums, non-finite saves)

    @Test
    void aDamagedByteUnderTheSuperblockChecksum() throws Exception {
        assertDamagedWeightsRefused(bytes -> {
            bytes[28] ^= 0x01; // the end-of-file address, under the checksum of jhdf's version-2 superblock
            return bytes;
        }, "fails an HDF5 checksum", "the file is corrupt");
    }

    private Sequential regressor(float learningRate) {
        Sequential model = Sequential.builder().input(Input.floats(10, 14)).add(Conv1D.of(3, 3, Activation.RELU))
                .add(GlobalMaxPooling1D.of()).add(Dense.of(1)).seed(3).build();
        model.compile(backend(), new SGD(learningRate, 0f, false), new MeanSquaredError());
        return model;
    }

    @Test
    void aDivergedEpochDoesNotReplaceTheLastGoodCheckpoint() throws Exception {
        Path file = dir.resolve("last.h5");
        NdArray x = floats(8, 10, 14);
        try (Sequential good = regressor(0.01f); Sequential diverging = regressor(1e30f)) {
            good.fit(x, labels(8), FitConfig.builder().batchSize(4).callbacks(ModelCheckpoint.last(file)).build());
            byte[] saved = Files.readAllBytes(file);
            float[] huge = new float[8];
            Arrays.fill(huge, 1e30f);
            TerminateOnNaN terminate = new TerminateOnNaN();
            diverging.fit(x, NdArray.ofFloats(Shape.of(8), huge), FitConfig.builder().batchSize(4).epochs(3)
                    .callbacks(terminate, ModelCheckpoint.last(file)).build());
            assertThat(terminate.terminated()).isTrue();
            assertThat(diverging.getWeights()).anyMatch(w -> w.firstNonFinite() >= 0);
            assertThat(Files.readAllBytes(file)).isEqualTo(saved);
            assertThatThrownBy(() -> diverging.saveWeights(dir.resolve("diverged.weights.h5")))
                    .isInstanceOf(NonFiniteValuesException.class).hasMessageContaining("holds NaN or infinite values");
            assertThat(diverging.loadCheckpoint(file)).isZero();
        }
    }

    @Test
    void readingTheModelFromItsOwnCallback() {
        Path weights = dir.resolve("callback.weights.h5");
        Path checkpoint = dir.resolve("callback.h5");
        try (Sequential m = series()) {
            m.fit(floats(4, 10, 14), labels(4), FitConfig.builder().batchSize(2).callbacks(new Callback() {
                @Override
                public void onEpochEnd(int epoch, Logs logs) {
                    m.saveWeights(weights);
                    m.saveCheckpoint(checkpoint, epoch);
                    assertThatThrownBy(() -> m.setWeights(m.getWeights())).isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("is running fit or another call on this thread");
                }
            }).build());
            assertThat(m.loadCheckpoint(checkpoint)).isZero();
            assertThatCode(() -> m.loadWeights(weights)).doesNotThrowAnyException();
        }
    }

    // ---- the model's lifecycle

    @Test
    void usingAModelAfterCloseButClosingTwiceIsHarmless() {
        Sequential m = series();
        m.close();
        assertThatCode(m::close).doesNotThrowAnyException();
        assertThatThrownBy(() -> m.predict(floats(1, 10, 14))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
        assertThatThrownBy(m::getWeights).isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
    }

    @Test
    void trainingBeforeCompiling() {
        try (Sequential m = Sequential.builder().input(Input.floats(10, 14)).add(GlobalMaxPooling1D.of()).build()) {
            assertThatThrownBy(() -> m.fit(floats(2, 10, 14), NdArray.zeros(Shape.of(2, 14)), one()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("call compile(");
        }
    }

    @Test
    void concurrentFitCallsOnOneModel() throws Exception {
        try (Sequential m = series()) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            FitConfig blocking = FitConfig.builder().batchSize(2).callbacks(new Callback() {
                @Override
                public void onTrainBegin(TrainingRun run) {
                    started.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }).build();
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<History> first = pool.submit(() -> m.fit(floats(4, 10, 14), labels(4), blocking));
                started.await();
                assertThatThrownBy(() -> m.fit(floats(4, 10, 14), labels(4), one()))
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("one call at a time");
                release.countDown();
                assertThat(first.get().epochs()).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    // ---- backends

    @Test
    void aBackendNameThatMatchesNone() {
        assertThatThrownBy(() -> Backends.get("cuda-magic")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown seqconv backend 'cuda-magic'").hasMessageContaining("On the classpath:")
                .hasMessageContaining("dev.seqconv:seqconv-backend-nd4j");
    }

    // ---- sizes and settings (issue 11)

    /** A callback that records each run's batches an epoch. */
    private static Callback stepsInto(List<Integer> steps) {
        return new Callback() {
            @Override
            public void onTrainBegin(TrainingRun run) {
                steps.add(run.stepsPerEpoch());
            }
        };
    }

    @Test
    void aBatchSizeNearIntegerMaxIsOneBatchOfEverything() {
        try (Sequential m = series()) {
            NdArray x = floats(5, 10, 14);
            List<Integer> steps = new ArrayList<>();
            History h = m.fit(x, labels(5), FitConfig.builder().batchSize(Integer.MAX_VALUE - 1).validationSplit(0.4)
                    .callbacks(stepsInto(steps)).build());
            assertThat(steps).containsExactly(1);
            assertThat(h.get("loss")).hasSize(1).allMatch(Double::isFinite);
            assertThat(h.get("val_loss")).hasSize(1).allMatch(Double::isFinite);
            assertThat(m.evaluate(x, labels(5), Integer.MAX_VALUE).get("loss")).isFinite();
        }
    }

    @Test
    void aBatchSizeNearIntegerMaxThatCannotFitInMemoryIsRefused() {
        NdArray x = NdArray.ofInts(Shape.of(2000, 2000), new int[2000 * 2000]);
        assertRefused(pooledEmbedding(2000, 8192),
                m -> m.fit(x, labels(2000), FitConfig.builder().batchSize(Integer.MAX_VALUE).build()),
                "A training batch of 2,000 samples", "lower the batch size");
    }

    @Test
    void aSourceWithoutBatchesIsRefusedRatherThanTrainingNothing() {
        BatchSource empty = source(0, List.of());
        try (Sequential m = series()) {
            assertThatThrownBy(() -> m.fit(empty, FitConfig.builder().build()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("training data yields 0 batches");
            assertThatThrownBy(() -> m.evaluate(empty))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("evaluation data yields 0 batches");
        }
    }

    @Test
    void aValidationSplitThatIsNotAFraction() {
        for (double split : new double[] {-0.1, Double.NaN, Double.POSITIVE_INFINITY, 1.0}) {
            assertThatThrownBy(() -> FitConfig.builder().validationSplit(split))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("validationSplit must be a finite number in [0, 1)")
                    .hasMessageContaining("got " + split);
        }
    }

    @Test
    void setWeightsWithOneArrayOfTheWrongTypeChangesNoWeight() {
        try (Sequential m = tokens()) {
            List<NdArray> before = m.getWeights();
            List<NdArray> update = new ArrayList<>(before.stream().map(w -> NdArray.zeros(w.shape())).toList());
            Shape fifth = before.get(4).shape();
            update.set(4, NdArray.ofInts(fifth, new int[Math.toIntExact(fifth.size())]));
            assertThatThrownBy(() -> m.setWeights(update)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is float32, got INT32");
            assertSameValues(m.getWeights(), before);
        }
    }

    @Test
    void anEngineWriteThatFailsPartWayRestoresThePreviousWeights() {
        try (Sequential m = tokens()) {
            m.compile(failingOnWrite(backend(), 3), new RMSprop(), new BinaryCrossentropy());
            List<NdArray> before = m.getWeights();
            List<NdArray> zeros = before.stream().map(w -> NdArray.zeros(w.shape())).toList();
            assertThatThrownBy(() -> m.setWeights(zeros)).hasMessageContaining("write 3 failed");
            assertSameValues(m.getWeights(), before);
        }
    }

    // ---- classification (issue 13)

    /** A softmax classifier of 3 classes over 4 features. */
    private Sequential classifier(Loss loss) {
        Sequential model = Sequential.builder().input(Input.floats(4)).add(Dense.of(3, Activation.SOFTMAX)).seed(3)
                .build();
        model.compile(backend(), new RMSprop(), loss);
        return model;
    }

    @Test
    void classIdsOutOfRangeNeverReachTheEngine() {
        for (float id : new float[] {3, -1}) {
            try (Sequential m = classifier(new SparseCategoricalCrossentropy())) {
                NdArray y = NdArray.ofFloats(Shape.of(4), 0, 2, id, 1);
                assertThatThrownBy(() -> m.fit(floats(4, 4), y, one())).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("sample 2").hasMessageContaining("integers in [0, 3)");
                assertThatThrownBy(() -> m.evaluate(floats(4, 4), y)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("integers in [0, 3)");
            }
        }
    }

    @Test
    void sparseTargetsThatAreNotIntegers() {
        NdArray y = NdArray.ofFloats(Shape.of(3, 1), 0, 1.5f, 2);
        assertRefused(classifier(new SparseCategoricalCrossentropy()), m -> m.fit(floats(3, 4), y, one()),
                "sample 1", "1.5", "use CategoricalCrossentropy");
    }

    @Test
    void sparseTargetsShapedLikeTheOutputs() {
        assertRefused(classifier(new SparseCategoricalCrossentropy()),
                m -> m.fit(floats(3, 4), NdArray.zeros(Shape.of(3, 3)), one()),
                "one class id per row", "shaped (3, 1)");
    }

    @Test
    void oneHotTargetsOfTheWrongWidth() {
        assertRefused(classifier(new CategoricalCrossentropy()),
                m -> m.fit(floats(3, 4), NdArray.zeros(Shape.of(3, 4)), one()),
                "Targets have shape (3, 4)", "shaped (3, 3)");
    }

    private static void assertSameValues(List<NdArray> actual, List<NdArray> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).toFloatArray()).as("weight %d", i).containsExactly(expected.get(i).toFloatArray());
        }
    }

    /** {@code engine}, except that its executors' {@code failing}-th variable write throws. */
    private static Backend failingOnWrite(Backend engine, int failing) {
        return new Backend() {
            @Override
            public String id() {
                return engine.id();
            }

            @Override
            public String engineVersion() {
                return engine.engineVersion();
            }

            @Override
            public Executor newExecutor() {
                AtomicInteger writes = new AtomicInteger();
                return new ForwardingExecutor(engine.newExecutor()) {
                    @Override
                    public void write(Variable variable, NdArray value) {
                        if (writes.incrementAndGet() == failing) {
                            throw new IllegalStateException("write " + failing + " failed (simulated engine fault)");
                        }
                        super.write(variable, value);
                    }
                };
            }
        };
    }
}
