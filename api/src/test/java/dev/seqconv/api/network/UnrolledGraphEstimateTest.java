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
 * The unrolled graph's count (five times the recurrent layers' forward operations when training: the training
 * function and its gradients, evaluation, prediction), where it refuses, and that an engine without the
 * capability is never refused, without any engine.
 */
class UnrolledGraphEstimateTest {

    private static final long GIGABYTE = 1_000_000_000L;
    /** 23 operations a GRU step, five graphs: a GRU over 100 steps makes 11,500 nodes when training. */
    private static final GraphUnrolling LIMIT_OF_A_GRU_OVER_100_STEPS = new GraphUnrolling(11_500, 1_000, 1e-3);

    @Test
    void trainingIsRefusedJustPastTheNodeLimitNamingTheLayerSizeAndAlternatives() {
        assertThatCode(() -> estimate(gruOver(100), unrolling(LIMIT_OF_A_GRU_OVER_100_STEPS), GIGABYTE)
                .checkTraining()).doesNotThrowAnyException();
        assertThatThrownBy(() -> estimate(gruOver(101), unrolling(LIMIT_OF_A_GRU_OVER_100_STEPS), GIGABYTE)
                .checkTraining())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a graph of about 11,615 nodes for layer 'gru' (GRU, 101 time steps)")
                .hasMessageContaining("refuses to train graphs over 11,500 nodes")
                .hasMessageContaining("--backend nd4j");
    }

    @Test
    void everyRecurrentLayerCountsAndConvolutionsDoNot() {
        LayerStack stack = new LayerStack(Input.floats(240, 14), List.of(Conv1D.of(32, 5, Activation.RELU),
                MaxPooling1D.of(3),
                GRU.of(RecurrentOptions.builder(8).returnSequences(true).build()).withName("first"), LSTM.of(8).withName("second"), Dense.of(1)));
        // GRU over 78 steps (23 a step) and LSTM over 78 (26): 5 × 78 × 49 = 19,110 nodes
        assertThatCode(() -> estimate(stack, unrolling(new GraphUnrolling(19_110, 1, 1e-3)), GIGABYTE)
                .checkTraining()).doesNotThrowAnyException();
        assertThatThrownBy(() -> estimate(stack, unrolling(new GraphUnrolling(19_109, 1, 1e-3)), GIGABYTE)
                .checkTraining())
                .hasMessageContaining("layers 'first' (GRU, 78 time steps), 'second' (LSTM, 78 time steps)");
    }

    @Test
    void predictionIsRefusedOnlyWhenItsGraphWouldNotFitInMemory() {
        // forward only: 23 × 100 = 2,300 nodes of 1 kB
        assertThatCode(() -> estimate(gruOver(100), unrolling(new GraphUnrolling(1, 1_000, 1e-3)), 2_300_000)
                .checkInference()).doesNotThrowAnyException();
        assertThatThrownBy(() -> estimate(gruOver(100), unrolling(new GraphUnrolling(1, 1_000, 1e-3)), 2_299_999)
                .checkInference())
                .hasMessageContaining("more than this machine's")
                .hasMessageContaining("Predict on the nd4j backend");
    }

    @Test
    void trainingIsRefusedWhenTheGraphWouldNotFitInMemoryEvenUnderTheNodeLimit() {
        assertThatThrownBy(() -> estimate(gruOver(100), unrolling(new GraphUnrolling(1_000_000, 1_000, 1e-3)),
                11_499_999).checkTraining())
                .hasMessageContaining("11,500 nodes")
                .hasMessageContaining("more than this machine's");
    }

    @Test
    void anEngineThatDoesNotUnrollIsNeverRefused() {
        Backend stepByStep = new EngineBackend("stepwise", "test", () -> {
            throw new AssertionError("no executor is made");
        });
        UnrolledGraphEstimate estimate = estimate(gruOver(1_000_000), stepByStep, 1);
        assertThatCode(estimate::checkTraining).doesNotThrowAnyException();
        assertThatCode(estimate::checkInference).doesNotThrowAnyException();
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
