package dev.seqconv.api.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Activation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelWeightsTest {

    private static final LayerStack STACK = new LayerStack(Input.floats(3),
            List.of(Dense.of(2, Activation.RELU), Dense.of(1)));

    private static NdArray filled(Shape shape, float value) {
        float[] values = new float[Math.toIntExact(shape.size())];
        Arrays.fill(values, value);
        return NdArray.wrapFloats(shape, values);
    }

    private static ModelWeights numbered() {
        return ModelWeights.of(STACK, List.of(filled(Shape.of(3, 2), 1), filled(Shape.of(2), 2),
                filled(Shape.of(2, 1), 3), filled(Shape.of(1), 4)), "Weight");
    }

    @Test
    void addressesWeightsByLayerAndNameInTheModelsOrder() {
        ModelWeights weights = numbered();
        assertThat(weights.layerNames()).containsExactly("dense", "dense_1");
        assertThat(weights.layer("dense").keySet()).containsExactly("kernel", "bias");
        assertThat(weights.get("dense_1", "kernel").toFloatArray()).containsExactly(3f, 3f);
        assertThat(weights.toList()).extracting(a -> a.toFloatArray()[0]).containsExactly(1f, 2f, 3f, 4f);
        assertThat(weights.size()).isEqualTo(4);
        assertThat(weights).hasToString("ModelWeights[dense/kernel (3, 2), dense/bias (2,), dense_1/kernel (2, 1), "
                + "dense_1/bias (1,)]");
    }

    @Test
    void theBuilderTakesAnyOrderAndNamesWhatIsMissingOrExtra() {
        ModelWeights given = numbered();
        ModelWeights.Builder builder = ModelWeights.builder(STACK, "Weight");
        for (String layer : List.of("dense_1", "dense")) {
            given.layer(layer).forEach((name, array) -> builder.put(layer, name, array));
        }
        assertThat(builder.build().toList()).containsExactlyElementsOf(given.toList());
        assertThatThrownBy(() -> ModelWeights.builder(STACK, "Weight").putAll(given).put("dense_2", "kernel",
                filled(Shape.of(1), 0)).build())
                .hasMessageContaining("not in the model [dense_2/kernel]");
        assertThatThrownBy(() -> ModelWeights.builder(STACK, "Weight").put("dense", "kernel", filled(Shape.of(3, 2), 0))
                .build())
                .hasMessageContaining("missing [dense/bias, dense_1/kernel, dense_1/bias]");
    }

    @Test
    void refusesArraysThatDoNotFitNamingTheWeight() {
        assertThatThrownBy(() -> ModelWeights.builder(STACK, "Gradient of").putAll(numbered())
                .put("dense", "bias", filled(Shape.of(3), 0)).build())
                .hasMessage("Gradient of dense/bias has shape (2,), got (3,)");
        assertThatThrownBy(() -> ModelWeights.of(STACK, numbered().toList().subList(1, 4), "Weight"))
                .hasMessage("This model has 4 weights, got 3 arrays");
        assertThatThrownBy(() -> numbered().map((layer, weight, a) -> filled(a.shape(), Float.NaN))
                .requireFinite("Weight")).hasMessage("Weight dense/kernel holds NaN or infinite values");
        assertThatThrownBy(() -> numbered().get("dense", "gamma"))
                .hasMessage("Layer 'dense' has no weight 'gamma'; its weights are [kernel, bias]");
    }

    @Test
    void travelsByJavaSerialization() throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(numbered());
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            ModelWeights read = (ModelWeights) in.readObject();
            assertThat(read).hasToString(numbered().toString());
            assertThat(read.toList()).extracting(a -> a.toFloatArray()[0]).containsExactly(1f, 2f, 3f, 4f);
        }
    }
}
