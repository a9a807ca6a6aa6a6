package dev.seqconv.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.network.ModelWeights;
import dev.seqconv.api.ops.Activation;
import org.junit.jupiter.api.Test;

/** The weights by layer and name beside Keras's ordered list, on a model not yet compiled. */
class SequentialWeightsTest {

    private static Sequential model(String secondLayer) {
        return Sequential.builder().input(Input.floats(3)).add(Dense.of(2, Activation.RELU))
                .add(Dense.of(1).withName(secondLayer)).seed(7).build();
    }

    @Test
    void theTreeAndTheListHoldTheSameWeightsInTheSameOrder() {
        try (Sequential model = model("out")) {
            ModelWeights weights = model.weights();
            assertThat(weights.layerNames()).containsExactly("dense", "out");
            assertThat(weights.toList()).containsExactlyElementsOf(model.getWeights());
            ModelWeights doubled = weights.map((layer, weight, array) -> {
                float[] values = array.toFloatArray();
                for (int i = 0; i < values.length; i++) {
                    values[i] *= 2;
                }
                return NdArray.wrapFloats(array.shape(), values);
            });
            model.setWeights(doubled);
            assertThat(model.weights().get("out", "kernel").toFloatArray())
                    .containsExactly(doubled.get("out", "kernel").toFloatArray());
        }
    }

    @Test
    void refusesAnotherModelsWeightsNamingWhatDiffers() {
        try (Sequential model = model("out"); Sequential other = model("head")) {
            assertThatThrownBy(() -> model.setWeights(other.weights()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("missing [out/kernel, out/bias]")
                    .hasMessageContaining("not in the model [head/kernel, head/bias]");
        }
    }
}
