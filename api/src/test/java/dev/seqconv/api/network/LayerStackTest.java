package dev.seqconv.api.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.layers.Conv1D;
import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.Dropout;
import dev.seqconv.api.layers.GRU;
import dev.seqconv.api.layers.GlobalMaxPooling1D;
import dev.seqconv.api.layers.MaxPooling1D;
import dev.seqconv.api.layers.Padding;
import dev.seqconv.api.ops.Activation;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerStackTest {

    @Test
    void namesFollowKerasSnakeCaseWithCounters() {
        assertThat(LayerStack.snakeCase("MaxPooling1D")).isEqualTo("max_pooling1d");
        assertThat(LayerStack.snakeCase("GlobalMaxPooling1D")).isEqualTo("global_max_pooling1d");
        assertThat(LayerStack.snakeCase("Conv1D")).isEqualTo("conv1d");
        LayerStack stack = new LayerStack(Input.floats(20, 3), List.of(Conv1D.of(4, 3, Activation.RELU),
                Conv1D.of(4, 3, Activation.RELU), GlobalMaxPooling1D.of(), Dense.of(2)));
        assertThat(stack.nodes()).extracting(LayerNode::name)
                .containsExactly("conv1d", "conv1d_1", "global_max_pooling1d", "dense");
        assertThat(stack.weights()).extracting(LayerStack.NamedWeight::name)
                .containsExactly("conv1d/kernel", "conv1d/bias", "conv1d_1/kernel", "conv1d_1/bias", "dense/kernel",
                        "dense/bias");
    }

    @Test
    void givenNamesMustBeUnique() {
        Dense a = Dense.of(1).withName("out");
        assertThatThrownBy(() -> new LayerStack(Input.floats(3), List.of(a, a))).hasMessageContaining("named 'out'");
    }

    @Test
    void everyLayerTakesANameAndTheOthersKeepKerasNames() {
        LayerStack stack = new LayerStack(Input.floats(12, 3), List.of(
                Conv1D.of(4, 3, Activation.RELU).withName("encoder"), Conv1D.of(4, 3).withPadding(Padding.SAME),
                MaxPooling1D.of(2).withName("pool"), GRU.of(2).withResetAfter(false).withName("gru_a"),
                Dropout.of(0.5).withName("drop"), Dense.of(1)));
        assertThat(stack.nodes()).extracting(LayerNode::name)
                .containsExactly("encoder", "conv1d", "pool", "gru_a", "drop", "dense");
        assertThat(((GRU) stack.nodes().get(3).layer()).resetAfter()).isFalse();
    }

    @Test
    void aBuildErrorNamesTheLayer() {
        assertThatThrownBy(() -> new LayerStack(Input.floats(5, 2), List.of(Conv1D.of(1, 3, Activation.RELU),
                Conv1D.of(1, 4, Activation.RELU))))
                .hasMessageStartingWith("layer 'conv1d_1' (Conv1D, the 2nd layer in model.summary()): Conv1D: a "
                        + "sequence of 3 steps is too short");
    }
}
