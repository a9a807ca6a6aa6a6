package dev.seqconv.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.autodiff.TapeOps;
import dev.seqconv.api.callbacks.Callback;
import dev.seqconv.api.callbacks.History;
import dev.seqconv.api.callbacks.Logs;
import dev.seqconv.api.callbacks.TrainingRun;
import dev.seqconv.conformance.reference.FiniteDifferences;
import dev.seqconv.conformance.reference.RefArray;
import dev.seqconv.conformance.reference.ReferenceLayers;
import dev.seqconv.conformance.reference.ReferenceLosses;
import dev.seqconv.conformance.reference.ReferenceRecurrent;
import dev.seqconv.api.layers.BatchNormalization;
import dev.seqconv.api.layers.Bidirectional;
import dev.seqconv.api.layers.Conv1D;
import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.Embedding;
import dev.seqconv.api.layers.Flatten;
import dev.seqconv.api.layers.GRU;
import dev.seqconv.api.layers.GlobalMaxPooling1D;
import dev.seqconv.api.layers.MaxPooling1D;
import dev.seqconv.api.layers.RecurrentOptions;
import dev.seqconv.api.losses.BinaryCrossentropy;
import dev.seqconv.api.losses.MeanSquaredError;
import dev.seqconv.api.metrics.BinaryAccuracy;
import dev.seqconv.api.metrics.MeanAbsoluteErrorMetric;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.ops.Variable;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.spi.CompiledFunction;
import dev.seqconv.api.spi.Executor;
import dev.seqconv.api.spi.FunctionDefinition;
import dev.seqconv.api.spi.FunctionResult;
import dev.seqconv.api.spi.TensorSpec;
import dev.seqconv.api.training.FitConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Whole models and the executor contract on the backend: shapes and parameter counts of the chapter's IMDB
 * network, one training step against a hand-computed reference, batches of any size, weights in and out,
 * assignment order, and the errors for bad input and closed executors.
 */
public abstract class ModelConformanceSuite {

    protected abstract Backend backend();

    private final SeededRandom random = new SeededRandom(3);

    /** A small network of the chapter's kind: token ids, embedding, convolutions, pooling, one output. */
    static Sequential tokenNetwork(int vocabulary, int length) {
        return Sequential.builder()
                .input(Input.ints(length))
                .add(Embedding.of(vocabulary, 8))
                .add(Conv1D.of(4, 3, Activation.RELU))
                .add(MaxPooling1D.of(2))
                .add(Conv1D.of(4, 3, Activation.RELU))
                .add(GlobalMaxPooling1D.of())
                .add(Dense.of(1))
                .seed(1)
                .build();
    }

    @Test
    void tokenNetworkHasKerasShapesAndParameterCountsAndPredictsOnePerSample() {
        try (Sequential model = tokenNetwork(50, 12)) {
            assertThat(model.parameterCount()).isEqualTo(50 * 8 + (3 * 8 * 4 + 4) + (3 * 4 * 4 + 4) + 5);
            assertThat(model.summary()).contains("(None, 12, 8)").contains("(None, 10, 4)").contains("(None, 5, 4)")
                    .contains("(None, 3, 4)").contains("(None, 4)").contains("(None, 1)").contains("Total params: 557");
            model.compile(backend(), new RMSprop(1e-4f), new BinaryCrossentropy(), new BinaryAccuracy());
            int[] ids = new int[3 * 12];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = random.nextInt(50);
            }
            NdArray predictions = model.predict(NdArray.ofInts(Shape.of(3, 12), ids));
            assertThat(predictions.shape()).isEqualTo(Shape.of(3, 1));
        }
    }

    @Test
    void oneTrainingStepMatchesTheReference() {
        RefArray x = RefArray.uniform(random, -1, 1, 6, 4);
        RefArray y = RefArray.uniform(random, -1, 1, 6, 1);
        try (Sequential model = Sequential.builder().input(Input.floats(4)).add(Dense.of(3, Activation.TANH))
                .add(Dense.of(1)).seed(9).build()) {
            List<RefArray> weights = new ArrayList<>(model.getWeights().stream().map(RefArray::of).toList());
            model.compile(backend(), new RMSprop(0.01f), new MeanSquaredError());
            History history = model.fit(x.toFloat32(), y.toFloat32(),
                    FitConfig.builder().epochs(1).batchSize(6).shuffle(false).build());

            List<RefArray> inputs = new ArrayList<>(weights);
            ToDoubleFunction<List<RefArray>> loss = w -> ReferenceLosses.meanSquaredError(y,
                    ReferenceLayers.dense(ReferenceLayers.dense(x, w.get(0), w.get(1), ReferenceLayers.TANH),
                            w.get(2), w.get(3), ReferenceLayers.LINEAR));
            assertThat(history.get("loss").get(0)).isCloseTo(loss.applyAsDouble(inputs),
                    org.assertj.core.data.Offset.offset(1e-5));
            List<NdArray> updated = model.getWeights();
            for (int i = 0; i < weights.size(); i++) {
                Tolerance.assertClose("weight " + i + " after one RMSprop step", updated.get(i),
                        afterOneRmspropStep(weights.get(i), FiniteDifferences.gradient(loss, inputs, i)));
            }
        }
    }

    /** A weight after one step of {@code RMSprop(0.01)} from a zero mean square, given its gradient. */
    private static RefArray afterOneRmspropStep(RefArray weight, RefArray gradient) {
        RefArray expected = weight.copy();
        for (int j = 0; j < expected.size(); j++) {
            double s = 0.1f * gradient.flat(j) * gradient.flat(j);
            expected.setFlat(j, expected.flat(j) - 0.01f * gradient.flat(j) / (Math.sqrt(s) + 1e-7f));
        }
        return expected;
    }

    /**
     * One training step of {@code BatchNormalization → Flatten → Dense}: the loss and the trainable weights as the
     * reference computes them with the batch statistics, the moving statistics updated as Keras updates them
     * ({@code moving · momentum + batch statistic · (1 − momentum)}), and predictions after the step from the
     * moving statistics. On the last axis and on axis 1.
     */
    @Test
    void oneTrainingStepWithBatchNormalizationUpdatesTheMovingStatisticsAsKeras() {
        RefArray x = RefArray.uniform(random, -1, 2, 6, 5, 3);
        RefArray y = RefArray.uniform(random, -1, 1, 6, 1);
        for (int axis : new int[] {-1, 1}) {
            try (Sequential model = Sequential.builder().input(Input.floats(5, 3))
                    .add(BatchNormalization.of().withAxis(axis).withMomentum(0.9)).add(Flatten.of()).add(Dense.of(1))
                    .seed(5).build()) {
                int channels = x.dim(axis);
                List<RefArray> weights = new ArrayList<>(List.of(RefArray.uniform(random, 0.5, 1.5, channels),
                        RefArray.uniform(random, -0.5, 0.5, channels), RefArray.uniform(random, -0.5, 0.5, channels),
                        RefArray.uniform(random, 0.5, 1.5, channels)));
                model.getWeights().subList(4, 6).forEach(w -> weights.add(RefArray.of(w)));
                model.setWeights(weights.stream().map(RefArray::toFloat32).toList());
                model.compile(backend(), new RMSprop(0.01f), new MeanSquaredError());
                History history = model.fit(x.toFloat32(), y.toFloat32(),
                        FitConfig.builder().epochs(1).batchSize(6).shuffle(false).build());

                RefArray[] moments = ReferenceLayers.moments(x, axis);
                ToDoubleFunction<List<RefArray>> loss = w -> ReferenceLosses.meanSquaredError(y, ReferenceLayers.dense(
                        ReferenceLayers.flatten(ReferenceLayers.batchNormalization(x, axis, w.get(0), w.get(1),
                                moments[0], moments[1], 0.001)), w.get(4), w.get(5), ReferenceLayers.LINEAR));
                assertThat(history.get("loss").get(0)).isCloseTo(loss.applyAsDouble(weights),
                        org.assertj.core.data.Offset.offset(1e-5));
                List<NdArray> updated = model.getWeights();
                List<String> names = List.of("gamma", "beta", "moving_mean", "moving_variance", "kernel", "bias");
                List<RefArray> expected = new ArrayList<>();
                for (int i = 0; i < weights.size(); i++) {
                    expected.add(i == 2 || i == 3
                            ? ReferenceLayers.movingUpdate(weights.get(i), moments[i - 2], 0.9)
                            : afterOneRmspropStep(weights.get(i), FiniteDifferences.gradient(loss, weights, i)));
                    Tolerance.assertClose("axis " + axis + ": " + names.get(i) + " after one step", updated.get(i),
                            expected.get(i));
                }
                Tolerance.assertClose("axis " + axis + ": predictions from the moving statistics",
                        model.predict(x.toFloat32()), ReferenceLayers.dense(ReferenceLayers.flatten(
                                ReferenceLayers.batchNormalization(x, axis, expected.get(0), expected.get(1),
                                        expected.get(2), expected.get(3), 0.001)), expected.get(4), expected.get(5),
                                ReferenceLayers.LINEAR));
            }
        }
    }

    /**
     * The layout of {@code tfk_ruohan_bigru_seq_dense3d}: a bidirectional GRU returning sequences, then Dense at
     * every step; predictions in batches of any size against the reference, and training runs.
     */
    @Test
    void bidirectionalGruThenDenseAtEveryStepPredictsAsTheReference() {
        RefArray x = RefArray.uniform(random, -1, 1, 5, 6, 2);
        try (Sequential model = Sequential.builder().input(Input.floats(6, 2))
                .add(Bidirectional.of(GRU.of(RecurrentOptions.builder(3).returnSequences(true).build())))
                .add(Dense.of(4, Activation.RELU)).add(Dense.of(1)).seed(6).build()) {
            assertThat(model.outputShape()).isEqualTo(Shape.of(Shape.UNKNOWN, 6, 1));
            model.compile(backend(), new RMSprop(0.01f), new MeanSquaredError());
            List<RefArray> w = model.getWeights().stream().map(RefArray::of).toList();
            RefArray[] none = new RefArray[3];
            RefArray forward = ReferenceRecurrent.gru(x, w.get(0), w.get(1), w.get(2), true, none, none, true,
                    ReferenceLayers.SIGMOID);
            RefArray backward = ReferenceRecurrent.gru(ReferenceRecurrent.reverseTime(x), w.get(3), w.get(4), w.get(5),
                    true, none, none, true, ReferenceLayers.SIGMOID);
            RefArray expected = ReferenceLayers.dense(ReferenceLayers.dense(
                    ReferenceRecurrent.bidirectionalMerge(forward, backward, true, "concat"), w.get(6), w.get(7),
                    ReferenceLayers.RELU), w.get(8), w.get(9), ReferenceLayers.LINEAR);
            Tolerance.assertClose("predictions in batches of 2", model.predict(x.toFloat32(), 2), expected);
            History history = model.fit(x.toFloat32(), RefArray.uniform(random, -1, 1, 5, 6, 1).toFloat32(),
                    FitConfig.builder().epochs(2).batchSize(2).build());
            assertThat(history.get("loss")).hasSize(2).allMatch(Double::isFinite);
        }
    }

    @Test
    void batchesOfAnySizeRunIncludingTheLastPartialOne() {
        try (Sequential model = Sequential.builder().input(Input.floats(5, 2)).add(Conv1D.of(3, 2, Activation.RELU))
                .add(GlobalMaxPooling1D.of()).add(Dense.of(1, Activation.SIGMOID)).seed(4).build()) {
            model.compile(backend(), new RMSprop(), new BinaryCrossentropy(), new BinaryAccuracy());
            RefArray x = RefArray.uniform(random, -1, 1, 7, 5, 2);
            RefArray y = RefArray.zeros(7);
            History history = model.fit(x.toFloat32(), y.toFloat32(), FitConfig.builder().epochs(2).batchSize(3).build());
            assertThat(history.get("loss")).hasSize(2).allMatch(Double::isFinite);
            assertThat(history.get("acc")).hasSize(2);
            assertThat(model.predict(x.toFloat32(), 4).shape()).isEqualTo(Shape.of(7, 1));
            assertThat(model.evaluate(x.toFloat32(), y.toFloat32(), 5).asMap()).containsKeys("loss", "acc");
        }
    }

    @Test
    void callbacksSeeKerasEventsInOrderAndCanStopTraining() {
        List<String> events = new ArrayList<>();
        Callback recorder = new Callback() {
            private TrainingRun run;

            @Override
            public void onTrainBegin(TrainingRun run) {
                this.run = run;
                events.add("train " + run.epochs() + "x" + run.stepsPerEpoch());
            }

            @Override
            public void onEpochBegin(int epoch) {
                events.add("epoch " + epoch);
            }

            @Override
            public void onTrainBatchBegin(int batch) {
                events.add("batch " + batch);
            }

            @Override
            public void onTrainBatchEnd(int batch, Logs logs) {
                events.add("end batch " + batch + " " + logs.asMap().keySet());
            }

            @Override
            public void onEpochEnd(int epoch, Logs logs) {
                events.add("end epoch " + epoch + " " + logs.asMap().keySet());
                if (epoch == 1) {
                    run.stopTraining();
                }
            }

            @Override
            public void onTrainEnd(Logs lastEpoch) {
                events.add("end train");
            }
        };
        try (Sequential model = Sequential.builder().input(Input.floats(3)).add(Dense.of(1)).seed(2).build()) {
            model.compile(backend(), new RMSprop(), new MeanSquaredError(), new MeanAbsoluteErrorMetric());
            History history = model.fit(RefArray.uniform(random, -1, 1, 10, 3).toFloat32(),
                    RefArray.uniform(random, -1, 1, 10, 1).toFloat32(),
                    FitConfig.builder().epochs(5).batchSize(3).validationSplit(0.2).callbacks(recorder).build());
            assertThat(history.epochs()).isEqualTo(2);
            assertThat(events).containsExactly("train 5x3",
                    "epoch 0", "batch 0", "end batch 0 [loss, mae]", "batch 1", "end batch 1 [loss, mae]",
                    "batch 2", "end batch 2 [loss, mae]", "end epoch 0 [loss, mae, val_loss, val_mae]",
                    "epoch 1", "batch 0", "end batch 0 [loss, mae]", "batch 1", "end batch 1 [loss, mae]",
                    "batch 2", "end batch 2 [loss, mae]", "end epoch 1 [loss, mae, val_loss, val_mae]",
                    "end train");
        }
    }

    @Test
    void weightsGoInAndComeOutUnchanged() {
        try (Sequential model = Sequential.builder().input(Input.ints(4)).add(Embedding.of(5, 2))
                .add(GlobalMaxPooling1D.of()).add(Dense.of(1)).seed(8).build()) {
            model.compile(backend(), new RMSprop(), new MeanSquaredError());
            List<NdArray> replacement = model.getWeights().stream()
                    .map(w -> RefArray.uniform(random, -1, 1, w.shape().dims()).toFloat32()).toList();
            model.setWeights(replacement);
            List<NdArray> read = model.getWeights();
            for (int i = 0; i < read.size(); i++) {
                assertThat(read.get(i).toFloatArray()).containsExactly(replacement.get(i).toFloatArray());
            }
            assertThatThrownBy(() -> model.setWeights(replacement.subList(0, 1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 weights");
        }
    }

    @Test
    void assignmentsApplyAfterTheOutputsAndPersistBetweenCalls() {
        try (Executor executor = backend().newExecutor()) {
            Variable v = executor.createVariable("v", NdArray.ofFloats(Shape.of(2), 1f, 2f));
            CompiledFunction increment = executor.compile(new FunctionDefinition("increment",
                    List.of(new TensorSpec("step", Shape.scalar(), DataType.FLOAT32)), (kernels, in) -> {
                        TapeOps ops = TapeOps.inference(kernels);
                        return new FunctionResult(List.of(ops.read(v)),
                                List.of(new FunctionResult.Assignment(v, ops.add(ops.read(v), in.get(0)))));
                    }));
            assertThat(increment.call(List.of(NdArray.scalar(1f))).get(0).toFloatArray()).containsExactly(1f, 2f);
            assertThat(increment.call(List.of(NdArray.scalar(1f))).get(0).toFloatArray()).containsExactly(2f, 3f);
            assertThat(executor.read(v).toFloatArray()).containsExactly(3f, 4f);
            executor.write(v, NdArray.ofFloats(Shape.of(2), -1f, 0f));
            assertThat(executor.read(v).toFloatArray()).containsExactly(-1f, 0f);
            assertThatThrownBy(() -> executor.write(v, NdArray.zeros(Shape.of(3))))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> increment.call(List.of(NdArray.zeros(Shape.of(2)))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step");
        }
    }

    /** Two variables swapped through reshapes: each assignment reads the values from before the call. */
    @Test
    void assignmentsApplyAsIfAtOnce() {
        try (Executor executor = backend().newExecutor()) {
            Variable square = executor.createVariable("square", NdArray.ofFloats(Shape.of(2, 2), 1f, 2f, 3f, 4f));
            Variable row = executor.createVariable("row", NdArray.ofFloats(Shape.of(4), 5f, 6f, 7f, 8f));
            CompiledFunction swap = executor.compile(new FunctionDefinition("swap", List.of(), (kernels, in) -> {
                TapeOps ops = TapeOps.inference(kernels);
                return new FunctionResult(List.of(), List.of(
                        new FunctionResult.Assignment(square, ops.reshape(ops.read(row), Shape.of(2, 2))),
                        new FunctionResult.Assignment(row, ops.reshape(ops.read(square), Shape.of(4)))));
            }));
            swap.call(List.of());
            assertThat(executor.read(square).toFloatArray()).containsExactly(5f, 6f, 7f, 8f);
            assertThat(executor.read(row).toFloatArray()).containsExactly(1f, 2f, 3f, 4f);
        }
    }

    @Test
    void aClosedExecutorRefusesWork() {
        Executor executor = backend().newExecutor();
        Variable v = executor.createVariable("v", NdArray.scalar(1f));
        executor.close();
        executor.close();
        assertThatThrownBy(() -> executor.read(v)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void badDataIsRefusedBeforeTheEngineSeesIt() {
        try (Sequential model = tokenNetwork(50, 12)) {
            model.compile(backend(), new RMSprop(), new BinaryCrossentropy(true));
            int[] ids = new int[2 * 12];
            ids[7] = 50;
            assertThatThrownBy(() -> model.predict(NdArray.ofInts(Shape.of(2, 12), ids)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vocabulary [0, 50)");
            assertThatThrownBy(() -> model.predict(NdArray.zeros(Shape.of(2, 12))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("INT32");
            assertThatThrownBy(() -> model.predict(NdArray.ofInts(Shape.of(2, 13), new int[26])))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(12,)");
            NdArray x = NdArray.ofInts(Shape.of(2, 12), new int[24]);
            assertThatThrownBy(() -> model.fit(x, NdArray.ofFloats(Shape.of(2), 1f, Float.NaN), FitConfig.builder().build()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
            assertThatThrownBy(() -> model.fit(x, NdArray.zeros(Shape.of(2, 3)), FitConfig.builder().build()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(2, 1)");
        }
    }

    @Test
    void badConfigurationsAreRejectedWithTheirFix() {
        assertThatThrownBy(() -> Conv1D.of(0, 3, Activation.RELU)).hasMessageContaining("filters must be > 0");
        assertThatThrownBy(() -> tokenNetwork(100, 6)).hasMessageContaining("too short");
        assertThatThrownBy(() -> Sequential.builder().input(Input.floats(10, 3)).add(Embedding.of(10, 2)).build())
                .hasMessageContaining("Input.ints");
        assertThatThrownBy(() -> Sequential.builder().input(Input.floats(3)).add(MaxPooling1D.of(2)).build())
                .hasMessageContaining("(batch, time, features)");
        assertThatThrownBy(() -> Sequential.builder().input(Input.floats(4, 3)).add(MaxPooling1D.of(5)).build())
                .hasMessageContaining("shorter than the pool");
    }
}
