package dev.seqconv.api.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.ndarray.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightsTest {

    @Test
    void layersDeclareWeightsByKerasNamesWithBiasOnlyWhenUsed() {
        Shape in = Shape.of(Shape.UNKNOWN, 6, 3);
        assertThat(names(Dense.of(2).build(Shape.of(Shape.UNKNOWN, 3)))).containsExactly("kernel", "bias");
        assertThat(names(Dense.of(2).withUseBias(false).build(Shape.of(Shape.UNKNOWN, 3)))).containsExactly("kernel");
        assertThat(names(Conv1D.of(2, 3).withUseBias(false).build(in))).containsExactly("kernel");
        assertThat(names(GRU.of(2).build(in))).containsExactly("kernel", "recurrent_kernel", "bias");
        assertThat(names(LSTM.of(RecurrentOptions.builder(2).useBias(false).build()).build(in)))
                .containsExactly("kernel", "recurrent_kernel");
        assertThat(names(Embedding.of(10, 4).build(Shape.of(Shape.UNKNOWN, 5)))).containsExactly("embeddings");
    }

    @Test
    void anUndeclaredWeightIsRefusedNamingTheDeclaredOnes() {
        Weights none = Weights.none();
        assertThat(none.find(WeightSpec.BIAS)).isEmpty();
        assertThatThrownBy(() -> none.get(WeightSpec.KERNEL)).hasMessageContaining("No weight named 'kernel'");
        assertThatThrownBy(() -> Weights.of(Dense.of(2).build(Shape.of(Shape.UNKNOWN, 3)).weights(), List.of()))
                .hasMessageContaining("declared 2 weights but got 0");
    }

    private static List<String> names(LayerBuild build) {
        return build.weights().stream().map(WeightSpec::name).toList();
    }
}
