package dev.seqconv.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.initializers.RandomUniform;
import dev.seqconv.api.layers.ActivationLayer;
import dev.seqconv.api.layers.AveragePooling1D;
import dev.seqconv.api.layers.Conv1D;
import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.Dropout;
import dev.seqconv.api.layers.Embedding;
import dev.seqconv.api.layers.Flatten;
import dev.seqconv.api.layers.GRU;
import dev.seqconv.api.layers.GlobalAveragePooling1D;
import dev.seqconv.api.layers.GlobalMaxPooling1D;
import dev.seqconv.api.layers.LSTM;
import dev.seqconv.api.layers.Layer;
import dev.seqconv.api.layers.MaxPooling1D;
import dev.seqconv.api.layers.Padding;
import dev.seqconv.api.layers.RecurrentOptions;
import dev.seqconv.api.layers.SimpleRNN;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.network.LayerStack;
import dev.seqconv.api.network.ModelWeights;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.ops.Variable;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.spi.CompiledFunction;
import dev.seqconv.api.spi.Executor;
import dev.seqconv.api.spi.InferencePlan;
import dev.seqconv.conformance.reference.RefArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An engine's {@linkplain InferencePlan inference plans} give the composed prediction function's outputs (within
 * {@link Tolerance#DEFAULT}), at batch 1 and 32, on every layer, activation and recurrent configuration an engine
 * may plan, with non-zero biases and inputs that saturate the activations. On an engine that offers no plan for a
 * stack, the composed path is checked alone: a sample's outputs do not depend on the batch it comes in.
 */
public abstract class InferencePlanConformanceSuite {

    private static final int[] BATCHES = {1, 32};

    protected abstract Backend backend();

    /** Wide enough that the activations saturate: weights and inputs of up to ±3. */
    private static final RandomUniform WIDE = new RandomUniform(-3, 3);
    /**
     * Calls each of two plans makes at once: the fault this catches (ND4J's GRU on oneDNN's packed weights, on two
     * threads) showed in about one call in a few hundred, so 400 missed it in 3 runs of 4 and 2,000 caught it in 3
     * of 3.
     */
    private static final int CALLS_AT_ONCE = 2_000;

    @Test
    void tokenNetworkOfTheImdbKind() {
        check(Input.ints(40), List.of(Embedding.of(50, 16).withInitializer(WIDE),
                Conv1D.of(8, 5, Activation.RELU).withBiasInitializer(WIDE), MaxPooling1D.of(3),
                Conv1D.of(8, 3, Activation.RELU).withBiasInitializer(WIDE), GlobalMaxPooling1D.of(),
                Dense.of(1, Activation.SIGMOID).withBiasInitializer(WIDE)));
    }

    @Test
    void paddingsStridesDilationsAndSequenceDense() {
        check(Input.floats(40, 4), List.of(
                Conv1D.of(6, 3, Activation.TANH).withPadding(Padding.SAME).withStrides(2).withBiasInitializer(WIDE),
                AveragePooling1D.of(3).withPadding(Padding.SAME),
                Conv1D.of(6, 3, Activation.SIGMOID).withPadding(Padding.CAUSAL).withDilationRate(2)
                        .withKernelInitializer(WIDE).withBiasInitializer(WIDE),
                MaxPooling1D.of(2).withPadding(Padding.SAME).withStrides(1),
                Dense.of(5, Activation.HARD_SIGMOID).withKernelInitializer(WIDE).withBiasInitializer(WIDE),
                Dropout.of(0.5), Flatten.of(), Dense.of(4, Activation.SOFTMAX).withBiasInitializer(WIDE)));
    }

    @Test
    void activationLayersAndGlobalAveragePooling() {
        check(Input.floats(12, 3), List.of(Conv1D.of(4, 3).withUseBias(false).withKernelInitializer(WIDE),
                ActivationLayer.of(Activation.RELU), GlobalAveragePooling1D.of(),
                Dense.of(3, Activation.TANH).withBiasInitializer(WIDE),
                ActivationLayer.of(Activation.HARD_SIGMOID_KERAS2), Dense.of(3).withUseBias(false),
                ActivationLayer.of(Activation.SOFTMAX), ActivationLayer.of(Activation.SIGMOID),
                ActivationLayer.of(Activation.LINEAR)));
    }

    /**
     * Each recurrent layer and configuration an engine may plan, alone, so that its output shows any difference:
     * forward and backwards, the last state and the whole sequence; non-zero biases drawn apart (a GRU's input
     * and recurrent biases differ, so a swapped pair shows), over inputs and biases of up to ±3.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("recurrentLayers")
    void recurrentLayer(String name, Activation activation, Function<RecurrentOptions, Layer> layer) {
        for (boolean goBackwards : new boolean[] {false, true}) {
            for (boolean returnSequences : new boolean[] {false, true}) {
                RecurrentOptions options = RecurrentOptions.builder(7).activation(activation).biasInitializer(WIDE)
                        .dropout(0.25).recurrentDropout(0.25).goBackwards(goBackwards)
                        .returnSequences(returnSequences).build();
                check(Input.floats(9, 5), List.of(layer.apply(options)));
            }
        }
    }

    static Stream<Arguments> recurrentLayers() {
        Function<RecurrentOptions, Layer> gru = GRU::of;
        Function<RecurrentOptions, Layer> gruResetBefore = o -> GRU.of(o).withResetAfter(false);
        Function<RecurrentOptions, Layer> lstm = o -> LSTM.of(o).withUnitForgetBias(false);
        Function<RecurrentOptions, Layer> simple = SimpleRNN::of;
        return Stream.of(Arguments.of("GRU reset after", Activation.TANH, gru),
                Arguments.of("GRU reset before", Activation.TANH, gruResetBefore),
                Arguments.of("LSTM", Activation.TANH, lstm),
                Arguments.of("SimpleRNN tanh", Activation.TANH, simple),
                Arguments.of("SimpleRNN relu", Activation.RELU, simple),
                Arguments.of("SimpleRNN sigmoid", Activation.SIGMOID, simple));
    }

    /** Recurrent layers without biases, stacked: each returns its sequence to the next. */
    @Test
    void recurrentLayersWithoutBiases() {
        RecurrentOptions sequences = RecurrentOptions.builder(6).useBias(false).returnSequences(true).build();
        check(Input.floats(9, 5), List.of(GRU.of(sequences), GRU.of(sequences).withResetAfter(false),
                LSTM.of(sequences), SimpleRNN.of(RecurrentOptions.builder(4).useBias(false).build())));
    }

    /** The Jena network's kind: convolutions, pooling, a GRU with dropout (none at inference), a regression head. */
    @Test
    void sequenceRegressorOfTheJenaKind() {
        check(Input.floats(40, 14), List.of(Conv1D.of(8, 5, Activation.RELU).withBiasInitializer(WIDE),
                MaxPooling1D.of(3), Conv1D.of(8, 5, Activation.RELU).withBiasInitializer(WIDE),
                GRU.of(RecurrentOptions.builder(6).dropout(0.1).recurrentDropout(0.5).biasInitializer(WIDE).build()),
                Dense.of(1).withBiasInitializer(WIDE)));
    }

    /**
     * Plans of one stack on two executors, running at the same time on two threads other than the one that made
     * them (two predict sessions, two Spark tasks), answer as each does alone, bit for bit: whatever an engine shares
     * between plans (oneDNN's primitive cache) is safe under concurrent use, and a plan's answers do not depend on
     * the thread. (ND4J's GRU on oneDNN's packed weights gave rows 16-31 of a batch of 32 other values here while
     * its primitive ran on two threads.)
     */
    @Test
    void plansOnTwoExecutorsRunAtOnceAnswerAsAlone() throws Exception {
        LayerStack stack = new LayerStack(Input.floats(20, 3), List.of(Conv1D.of(4, 3, Activation.RELU)
                .withBiasInitializer(WIDE), GRU.of(RecurrentOptions.builder(5).biasInitializer(WIDE).build()),
                Dense.of(2).withBiasInitializer(WIDE)));
        ModelWeights weights = stack.initialWeights(13);
        int size = 32;
        NdArray[] inputs = new NdArray[4];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = input(stack, size, new SeededRandom(20 + i));
        }
        try (Executor first = backend().newExecutor(); Executor second = backend().newExecutor()) {
            Optional<InferencePlan> a = first.plan(stack.plannedLayers(weights), size);
            Optional<InferencePlan> b = second.plan(stack.plannedLayers(weights), size);
            if (a.isEmpty() || b.isEmpty()) {
                a.ifPresent(InferencePlan::close);
                b.ifPresent(InferencePlan::close);
                return;
            }
            try (InferencePlan planA = a.get(); InferencePlan planB = b.get()) {
                float[][] alone = new float[inputs.length][];
                for (int i = 0; i < inputs.length; i++) {
                    alone[i] = planA.run(inputs[i]).toFloatArray();
                }
                List<InferencePlan> plans = List.of(planA, planB);
                List<Object> mismatches = PredictorConformanceSuite.concurrently(plans.size(), CALLS_AT_ONCE,
                        (client, call) -> {
                            int i = call % inputs.length;
                            boolean same = Arrays.equals(plans.get(client).run(inputs[i]).toFloatArray(), alone[i]);
                            return same ? null : "plan " + client + ", call " + call + ", input " + i;
                        });
                assertThat(mismatches).as("calls that answered otherwise than alone").containsOnlyNulls();
            }
        }
    }

    @Test
    void aPlanRefusesAnotherBatchSizeAndRunsNoMoreOnceClosed() {
        LayerStack stack = new LayerStack(Input.floats(8, 2), List.of(Conv1D.of(3, 2), GlobalMaxPooling1D.of()));
        ModelWeights weights = stack.initialWeights(5);
        try (Executor executor = backend().newExecutor()) {
            Optional<InferencePlan> offered = executor.plan(stack.plannedLayers(weights), 4);
            if (offered.isEmpty()) {
                return;
            }
            InferencePlan plan = offered.get();
            assertThat(plan.batchSize()).isEqualTo(4);
            NdArray two = input(stack, 2, new SeededRandom(1));
            assertThatThrownBy(() -> plan.run(two)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("batch size");
            plan.close();
            NdArray four = input(stack, 4, new SeededRandom(1));
            assertThatThrownBy(() -> plan.run(four)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        }
    }

    private void check(Input input, List<Layer> layers) {
        LayerStack stack = new LayerStack(input, layers);
        ModelWeights weights = stack.initialWeights(11);
        try (Executor executor = backend().newExecutor()) {
            List<Variable> variables = new ArrayList<>();
            for (LayerStack.NamedWeight w : stack.weights()) {
                variables.add(executor.createVariable(w.name(), weights.get(w.layer(), w.spec().name())));
            }
            CompiledFunction composed = executor.compile(stack.predictFunction("predict", variables));
            NdArray batch = input(stack, BATCHES[BATCHES.length - 1], new SeededRandom(7));
            NdArray whole = composed.call(List.of(batch)).get(0);
            NdArray first = composed.call(List.of(batch.rows(0, 1))).get(0);
            Tolerance.assertClose("composed, first sample alone", first, RefArray.of(whole.rows(0, 1)));
            for (int size : BATCHES) {
                NdArray x = batch.rows(0, size);
                NdArray expected = size == whole.shape().dim(0) ? whole : first;
                Optional<InferencePlan> plan = executor.plan(stack.plannedLayers(weights), size);
                if (plan.isPresent()) {
                    try (InferencePlan p = plan.get()) {
                        Tolerance.assertClose("plan at batch " + size, p.run(x), RefArray.of(expected));
                        Tolerance.assertClose("plan at batch " + size + ", called again", p.run(x),
                                RefArray.of(expected));
                    }
                }
            }
        }
    }

    /** Token ids over the whole vocabulary, or floats in [-3, 3]. */
    static NdArray input(LayerStack stack, int batch, SeededRandom random) {
        Shape shape = stack.input().batchShape().withDim(0, batch);
        int size = Math.toIntExact(shape.size());
        if (stack.nodes().get(0).layer() instanceof Embedding embedding) {
            int[] ids = new int[size];
            for (int i = 0; i < size; i++) {
                ids[i] = random.nextInt(embedding.inputDim());
            }
            return NdArray.wrapInts(shape, ids);
        }
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) random.uniform(-3, 3);
        }
        return NdArray.wrapFloats(shape, values);
    }
}
