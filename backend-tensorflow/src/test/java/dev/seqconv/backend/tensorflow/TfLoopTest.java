package dev.seqconv.backend.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.seqconv.api.autodiff.TapeOps;
import dev.seqconv.api.layers.CallContext;
import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.GRU;
import dev.seqconv.api.layers.LSTM;
import dev.seqconv.api.layers.Layer;
import dev.seqconv.api.layers.LayerBuild;
import dev.seqconv.api.layers.RecurrentLayer;
import dev.seqconv.api.layers.RecurrentOptions;
import dev.seqconv.api.layers.SimpleRNN;
import dev.seqconv.api.layers.WeightSpec;
import dev.seqconv.api.losses.MeanSquaredError;
import dev.seqconv.api.layers.Weights;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.spi.EngineBackend;
import dev.seqconv.api.spi.Executor;
import dev.seqconv.api.spi.FunctionDefinition;
import dev.seqconv.api.spi.FunctionResult;
import dev.seqconv.api.spi.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The recurrent layers in functions that compute no gradients run as TensorFlow's while loop: the same outputs as
 * the unrolled recurrence (which functions that record gradients run), and a prediction graph whose size does not
 * depend on the number of steps.
 */
class TfLoopTest {

    private static final int STEPS = TfLoop.SHORTEST_LOOP;
    private static final int FEATURES = 3;
    private static final int UNITS = 5;

    @Test
    void eachRecurrentLayerGivesTheUnrolledOutputsInALoop() {
        SeededRandom random = new SeededRandom(21);
        for (RecurrentLayer layer : layers()) {
            for (boolean returnSequences : new boolean[] {false, true}) {
                for (boolean goBackwards : new boolean[] {false, true}) {
                    RecurrentOptions options = RecurrentOptions.builder(UNITS).returnSequences(returnSequences)
                            .build().withGoBackwards(goBackwards);
                    Layer configured = layer.withOptions(options);
                    for (int batch : new int[] {1, 32}) {
                        String what = configured.typeName() + " " + options + " batch " + batch;
                        List<NdArray> arguments = arguments(configured, batch, random);
                        List<NdArray> outputs = unrolledAndLooped(configured, arguments);
                        NdArray unrolled = outputs.get(0);
                        NdArray looped = outputs.get(1);
                        assertThat(looped.shape()).as(what).isEqualTo(unrolled.shape());
                        float[] expected = unrolled.toFloatArray();
                        float[] actual = looped.toFloatArray();
                        for (int i = 0; i < expected.length; i++) {
                            assertThat(actual[i]).as(what + " at " + i)
                                    .isCloseTo(expected[i], offset(1e-5f * Math.max(1f, Math.abs(expected[i]))));
                        }
                    }
                }
            }
        }
    }

    @Test
    void thePredictionGraphHasTheSameNodesForAHundredAndAThousandSteps() {
        assertThat(predictionGraphSize(10 * TfLoop.SHORTEST_LOOP)).isEqualTo(predictionGraphSize(TfLoop.SHORTEST_LOOP));
    }

    @Test
    void aLoopShorterThanTheShortestStaysUnrolled() {
        assertThat(predictionGraphSize(TfLoop.SHORTEST_LOOP - 1))
                .isGreaterThan(predictionGraphSize(TfLoop.SHORTEST_LOOP));
    }

    /** GRU with reset after and before, LSTM, SimpleRNN: each with biases (Keras's defaults). */
    private static List<RecurrentLayer> layers() {
        return List.of(GRU.of(UNITS), GRU.of(UNITS).withResetAfter(false), LSTM.of(UNITS), SimpleRNN.of(UNITS));
    }

    /** An input {@code (batch, STEPS, FEATURES)} and the layer's weights, all uniform in [-0.6, 0.6): biases too. */
    private static List<NdArray> arguments(Layer layer, int batch, SeededRandom random) {
        List<NdArray> arguments = new ArrayList<>();
        arguments.add(uniform(Shape.of(batch, STEPS, FEATURES), random));
        for (WeightSpec w : layer.build(Shape.of(Shape.UNKNOWN, STEPS, FEATURES)).weights()) {
            arguments.add(uniform(w.shape(), random));
        }
        return arguments;
    }

    private static NdArray uniform(Shape shape, SeededRandom random) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.uniform(-0.6, 0.6);
        }
        return NdArray.wrapFloats(shape, values);
    }

    /**
     * The layer's output in inference on TensorFlow, unrolled (on a recording tape, whose gradients are never asked
     * for) and in a loop ({@code TapeOps.inference}).
     */
    private static List<NdArray> unrolledAndLooped(Layer layer, List<NdArray> arguments) {
        LayerBuild build = layer.build(Shape.of(Shape.UNKNOWN, STEPS, FEATURES));
        List<TensorSpec> specs = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            specs.add(new TensorSpec("in" + i, arguments.get(i).shape(), arguments.get(i).dataType()));
        }
        List<NdArray> outputs = new ArrayList<>();
        try (Executor executor = new TfExecutor(TensorFlowBackendProvider.sessionConfig())) {
            for (boolean loop : new boolean[] {false, true}) {
                outputs.add(executor.compile(new FunctionDefinition(loop ? "looped" : "unrolled", specs, (kernels, in) -> {
                    TapeOps ops = loop ? TapeOps.inference(kernels) : TapeOps.recording(kernels);
                    return new FunctionResult(List.of(layer.call(ops, in.get(0),
                            Weights.of(build.weights(), in.subList(1, in.size())), CallContext.inference())),
                            List.of());
                })).call(arguments).get(0));
            }
        }
        return outputs;
    }

    /** The nodes of a model's graph once it has predicted, over {@code steps} steps, with each recurrent layer. */
    private static long predictionGraphSize(int steps) {
        AtomicReference<TfExecutor> executor = new AtomicReference<>();
        EngineBackend backend = new EngineBackend("tensorflow", "test", () -> {
            executor.set(new TfExecutor(TensorFlowBackendProvider.sessionConfig()));
            return executor.get();
        }, Optional.of(TensorFlowBackendProvider.UNROLLING));
        RecurrentOptions sequences = RecurrentOptions.builder(4).returnSequences(true).build();
        try (Sequential model = Sequential.builder().input(Input.floats(steps, 3))
                .add(SimpleRNN.of(sequences)).add(GRU.of(sequences.withGoBackwards(true)))
                .add(GRU.of(sequences).withResetAfter(false)).add(LSTM.of(4)).add(Dense.of(1)).seed(1).build()) {
            model.compile(backend, new RMSprop(), new MeanSquaredError());
            NdArray prediction = model.predict(NdArray.zeros(Shape.of(2, steps, 3)));
            assertThat(prediction.shape()).isEqualTo(Shape.of(2, 1));
            return executor.get().graphSize();
        }
    }
}
