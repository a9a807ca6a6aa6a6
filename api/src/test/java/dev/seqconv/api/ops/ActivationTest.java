package dev.seqconv.api.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ActivationTest {

    @Test
    void hardSigmoidMeansWhatTheKerasVersionThatWroteTheFileDefines() {
        assertThat(Activation.fromKeras("hard_sigmoid", 2)).isEqualTo(Activation.HARD_SIGMOID_KERAS2);
        assertThat(Activation.fromKeras("hard_sigmoid", 3)).isEqualTo(Activation.HARD_SIGMOID);
        assertThat(Activation.HARD_SIGMOID.kerasName()).isEqualTo(Activation.HARD_SIGMOID_KERAS2.kerasName());
        assertThat(Activation.HARD_SIGMOID.isKerasDefinition(2)).isFalse();
        assertThat(Activation.HARD_SIGMOID_KERAS2.isKerasDefinition(2)).isTrue();
    }

    @Test
    void theOtherNamesMeanOneActivationInEveryVersion() {
        for (int version = 2; version <= 3; version++) {
            assertThat(Activation.fromKeras("linear", version)).isEqualTo(Activation.LINEAR);
            assertThat(Activation.fromKeras("relu", version)).isEqualTo(Activation.RELU);
            assertThat(Activation.fromKeras("sigmoid", version)).isEqualTo(Activation.SIGMOID);
            assertThat(Activation.fromKeras("tanh", version)).isEqualTo(Activation.TANH);
            assertThat(Activation.fromKeras("softmax", version)).isEqualTo(Activation.SOFTMAX);
        }
    }

    @Test
    void anUnknownNameOrVersionIsRefusedNamingWhatIsSupported() {
        assertThatThrownBy(() -> Activation.fromKeras("gelu", 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'gelu'")
                .hasMessageContaining("linear, relu, sigmoid, tanh, softmax, hard_sigmoid");
        assertThatThrownBy(() -> Activation.fromKeras("relu", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Keras major version 1");
    }
}
