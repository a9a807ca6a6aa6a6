package dev.seqconv.api.network;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.layers.Conv1D;
import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.GRU;
import dev.seqconv.api.layers.LSTM;
import dev.seqconv.api.layers.MaxPooling1D;
import dev.seqconv.api.layers.RecurrentOptions;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.spi.EngineBackend;
import dev.seqconv.api.spi.GraphUnrolling;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The unrolled graph's count (three times the recurrent layers' forward operations: the training function's
 * forward pass and its gradients), where it refuses, and that an engine without the capability is never refused,
 * without any engine.
 */
class UnrolledGraphEstimateTest {

    private static final long GIGABYTE = 1_000_000_000L;
    /** 13 operations a GRU step, three times: a GRU over 100 steps makes 3,900 nodes when training. */
    private static final GraphUnrolling LIMIT_OF_A_GRU_OVER_100_STEPS = new GraphUnrolling(3_900, 1_000, 1e-3);

    @Test
    void trainingIsRefusedJustPastTheNodeLimitNamingTheLayerSizeAndAlternatives() {
        assertThatCode(() -> estimate(gruOver(100), unrolling(LIMIT_OF_A_GRU_OVER_100_STEPS), GIGABYTE)
                .checkTraining()).doesNotThrowAnyException();
        assertThatThrownBy(() -> estimate(gruOver(101), unrolling(LIMIT_OF_A_GRU_OVER_100_STEPS), GIGABYTE)
                .checkTraining())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a graph of about 3,939 nodes for layer 'gru' (GRU, 101 time steps)")
                .hasMessageContaining("refuses to train graphs over 3,900 nodes")
                .hasMessageContaining("Prediction and evaluation are not limited")
                .hasMessageContaining("--backend nd4j");
    }

    @Test
    void everyRecurrentLayerCountsAndConvolutionsDoNot() {
        LayerStack stack = new LayerStack(Input.floats(240, 14), List.of(Conv1D.of(32, 5, Activation.RELU),
                MaxPooling1D.of(3),
                GRU.of(RecurrentOptions.builder(8).returnSequences(true).build()).withName("first"), LSTM.of(8).withName("second"), Dense.of(1)));
        // GRU over 78 steps (13 a step) and LSTM over 78 (26): 3 × 78 × 39 = 9,126 nodes
        assertThatCode(() -> estimate(stack, unrolling(new GraphUnrolling(9_126, 1, 1e-3)), GIGABYTE)
                .checkTraining()).doesNotThrowAnyException();
        assertThatThrownBy(() -> estimate(stack, unrolling(new GraphUnrolling(9_125, 1, 1e-3)), GIGABYTE)
                .checkTraining())
                .hasMessageContaining("layers 'first' (GRU, 78 time steps), 'second' (LSTM, 78 time steps)");
    }

    @Test
    void trainingIsRefusedWhenTheGraphWouldNotFitInMemoryEvenUnderTheNodeLimit() {
        assertThatThrownBy(() -> estimate(gruOver(100), unrolling(new GraphUnrolling(1_000_000, 1_000, 1e-3)),
                3_899_999).checkTraining())
                .hasMessageContaining("3,900 nodes")
                .hasMessageContaining("more than this machine's");
    }

    @Test
    void anEngineThatDoesNotUnrollIsNeverRefused() {
        Backend stepByStep = new EngineBackend("stepwise", "test", () -> {
            throw new AssertionError("no executor is made");
        });
        assertThatCode(estimate(gruOver(1_000_000), stepByStep, 1)::checkTraining).doesNotThrowAnyException();
    }

    private static LayerStack gruOver(int steps) {
        return new LayerStack(Input.floats(steps, 4), List.of(GRU.of(8), Dense.of(1)));
    }

    private static Backend unrolling(GraphUnrolling unrolling) {
        return new EngineBackend("graphs", "test", () -> {
            throw new AssertionError("no executor is made");
        }, Optional.of(unrolling));
    }

    private static UnrolledGraphEstimate estimate(LayerStack stack, Backend backend, long physicalBytes) {
        return new UnrolledGraphEstimate(stack, backend, physicalBytes);
    }
}
