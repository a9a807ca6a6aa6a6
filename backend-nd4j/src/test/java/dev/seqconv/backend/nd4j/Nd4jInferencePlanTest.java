package dev.seqconv.backend.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.layers.BatchNormalization;
import dev.seqconv.api.layers.Conv1D;
import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.Embedding;
import dev.seqconv.api.layers.GRU;
import dev.seqconv.api.layers.GlobalMaxPooling1D;
import dev.seqconv.api.layers.LSTM;
import dev.seqconv.api.layers.Layer;
import dev.seqconv.api.layers.MaxPooling1D;
import dev.seqconv.api.layers.RecurrentOptions;
import dev.seqconv.api.layers.SimpleRNN;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.network.LayerStack;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.spi.InferencePlan;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which stacks ND4J plans (the conformance kit holds the plans' numbers to the composed path's): the IMDB
 * network's layers are planned, and recurrent layers with the activations oneDNN's cells compute; a stack with a
 * layer or activation it has no whole-layer kernel for is not, nor on an executor with its capabilities off; a plan
 * refuses token ids outside the vocabulary.
 */
class Nd4jInferencePlanTest {

    private static final LayerStack IMDB_KIND = new LayerStack(Input.ints(30), List.of(Embedding.of(20, 8),
            Conv1D.of(4, 5, Activation.RELU), MaxPooling1D.of(2), Conv1D.of(4, 3, Activation.RELU),
            GlobalMaxPooling1D.of(), Dense.of(1)));

    @BeforeAll
    static void loadNatives() {
        Backends.get("nd4j");
    }

    @Test
    void plansTheImdbNetworksLayers() {
        try (Nd4jExecutor executor = new Nd4jExecutor();
             InferencePlan plan = executor.plan(IMDB_KIND.plannedLayers(IMDB_KIND.initialWeights(1)), 3).orElseThrow()) {
            NdArray y = plan.run(NdArray.wrapInts(Shape.of(3, 30), new int[90]));
            assertThat(y.shape()).isEqualTo(Shape.of(3, 1));
        }
    }

    @Test
    void plansRecurrentLayersWhoseActivationsOneDnnComputes() {
        RecurrentOptions sequences = RecurrentOptions.builder(4).returnSequences(true).goBackwards(true).build();
        assertThat(planned(GRU.of(sequences))).isTrue();
        assertThat(planned(GRU.of(4).withResetAfter(false))).isTrue();
        assertThat(planned(LSTM.of(sequences))).isTrue();
        assertThat(planned(SimpleRNN.of(RecurrentOptions.builder(4).activation(Activation.RELU).build()))).isTrue();
    }

    @Test
    void leavesAStackWithALayerItCannotPlanToTheComposedPath() {
        assertThat(planned(GRU.of(RecurrentOptions.builder(4).recurrentActivation(Activation.HARD_SIGMOID_KERAS2)
                .build()))).isFalse();
        assertThat(planned(LSTM.of(RecurrentOptions.builder(4).activation(Activation.RELU).build()))).isFalse();
        assertThat(planned(SimpleRNN.of(RecurrentOptions.builder(4).activation(Activation.LINEAR).build())))
                .isFalse();
        assertThat(planned(BatchNormalization.of())).isFalse();
    }

    /** Whether a Conv1D, {@code layer}, Dense stack is planned. */
    private static boolean planned(Layer layer) {
        LayerStack stack = new LayerStack(Input.floats(10, 2), List.of(Conv1D.of(4, 3), layer, Dense.of(1)));
        try (Nd4jExecutor executor = new Nd4jExecutor()) {
            Optional<InferencePlan> plan = executor.plan(stack.plannedLayers(stack.initialWeights(1)), 2);
            plan.ifPresent(InferencePlan::close);
            return plan.isPresent();
        }
    }

    @Test
    void offersNoPlanWithItsCapabilitiesOff() {
        try (Nd4jExecutor executor = new Nd4jExecutor(false)) {
            assertThat(executor.plan(IMDB_KIND.plannedLayers(IMDB_KIND.initialWeights(1)), 2)).isEmpty();
        }
    }

    @Test
    void refusesATokenIdOutsideTheVocabulary() {
        int[] ids = new int[30];
        ids[7] = 20;
        try (Nd4jExecutor executor = new Nd4jExecutor()) {
            Optional<InferencePlan> plan = executor.plan(IMDB_KIND.plannedLayers(IMDB_KIND.initialWeights(1)), 1);
            try (InferencePlan p = plan.orElseThrow()) {
                assertThatThrownBy(() -> p.run(NdArray.wrapInts(Shape.of(1, 30), ids)))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token id 20");
            }
        }
    }
}
