package dev.seqconv.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.api.layers.Conv1D;
import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.Embedding;
import dev.seqconv.api.layers.GRU;
import dev.seqconv.api.layers.GlobalAveragePooling1D;
import dev.seqconv.api.layers.GlobalMaxPooling1D;
import dev.seqconv.api.layers.Layer;
import dev.seqconv.api.layers.MaxPooling1D;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.network.InferencePlans;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link InferencePlans} runs a batch on the plan of its size rounded up ({@link InferencePlans#planSize}), the rows
 * after it zero: on the engine, each sample's outputs are bit for bit those of a plan made for the batch's own size
 * (the rows of a plan are independent), and with no plan, those of the composed function on the unpadded batch.
 */
public abstract class PaddedBatchConformanceSuite {

    private static final int LARGEST = 16;
    private static final int[] SIZES = {1, 3, 5, 7, 9, 13, 16};

    protected abstract Backend backend();

    @Test
    void tokenNetworkOfTheImdbKind() {
        check(Input.ints(30), List.of(Embedding.of(40, 8), Conv1D.of(6, 5, Activation.RELU), MaxPooling1D.of(3),
                Conv1D.of(6, 3, Activation.RELU), GlobalMaxPooling1D.of(), Dense.of(2, Activation.SIGMOID)));
    }

    @Test
    void floatNetwork() {
        check(Input.floats(20, 3), List.of(Conv1D.of(4, 3, Activation.TANH), GlobalAveragePooling1D.of(),
                Dense.of(3, Activation.SOFTMAX)));
    }

    @Test
    void recurrentNetworkOfTheJenaKind() {
        check(Input.floats(20, 3), List.of(Conv1D.of(4, 3, Activation.RELU), GRU.of(5), Dense.of(2)));
    }

    private void check(Input input, List<Layer> layers) {
        LayerStack stack = new LayerStack(input, layers);
        ModelWeights weights = stack.initialWeights(3);
        try (Executor executor = backend().newExecutor();
             InferencePlans plans = new InferencePlans(executor, stack, weights, LARGEST)) {
            List<Variable> variables = new ArrayList<>();
            for (LayerStack.NamedWeight w : stack.weights()) {
                variables.add(executor.createVariable(w.name(), weights.get(w.layer(), w.spec().name())));
            }
            CompiledFunction composed = executor.compile(stack.predictFunction("predict", variables));
            NdArray pool = InferencePlanConformanceSuite.input(stack, LARGEST, new SeededRandom(5));
            for (int size : SIZES) {
                NdArray x = pool.rows(LARGEST - size, LARGEST);
                NdArray expected;
                Optional<InferencePlan> own = executor.plan(stack.plannedLayers(weights), size);
                if (own.isPresent()) {
                    try (InferencePlan plan = own.get()) {
                        expected = plan.run(x);
                    }
                } else {
                    expected = composed.call(List.of(x)).get(0);
                }
                NdArray answer = plans.run(x, composed);
                assertThat(answer.shape()).as("batch of %d", size).isEqualTo(expected.shape());
                assertThat(answer.toFloatArray()).as("batch of %d, padded to %d", size,
                        InferencePlans.planSize(size, LARGEST)).containsExactly(expected.toFloatArray());
            }
        }
    }
}
