package dev.seqconv.backend.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.layers.Conv1D;
import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.Embedding;
import dev.seqconv.api.layers.GRU;
import dev.seqconv.api.layers.GlobalMaxPooling1D;
import dev.seqconv.api.layers.MaxPooling1D;
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
 * network's layers are planned, a stack with a layer it has no whole-layer kernel for is not, nor on an executor
 * with its capabilities off; a plan refuses token ids outside the vocabulary.
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
    void leavesAStackWithALayerItCannotPlanToTheComposedPath() {
        LayerStack withGru = new LayerStack(Input.floats(10, 2), List.of(Conv1D.of(4, 3), GRU.of(4), Dense.of(1)));
        try (Nd4jExecutor executor = new Nd4jExecutor()) {
            assertThat(executor.plan(withGru.plannedLayers(withGru.initialWeights(1)), 2)).isEmpty();
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
