package dev.seqconv.api.keras;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.seqconv.api.ndarray.Shape;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every real Keras file reads as its description says: format, version, class, input, layers, weight shapes. */
class KerasRealFilesTest {

    private static final Map<String, KerasFormat> FORMATS = Map.of("keras3-zip", KerasFormat.KERAS_ARCHIVE,
            "keras3-weights-h5", KerasFormat.WEIGHTS_H5_AND_JSON, "legacy-h5", KerasFormat.LEGACY_H5);

    static List<String> slugs() {
        return KerasModelsFolder.slugs();
    }

    @Test
    void allTwelveFilesAreThere() {
        KerasModelsFolder.assumePresent();
        assertThat(slugs()).hasSize(12);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("slugs")
    void readsAsDescribed(String slug) {
        KerasModelsFolder.assumePresent();
        JsonObject description = KerasModelsFolder.description(slug);
        KerasModel model = KerasModelsFolder.read(description);

        assertThat(model.format()).isEqualTo(FORMATS.get(description.get("format").getAsString()));
        JsonElement version = description.get("keras_version");
        assertThat(model.kerasVersion().orElse(null)).isEqualTo(version.isJsonNull() ? null : version.getAsString());
        assertThat(model.modelClass()).isEqualTo(description.get("model_class").getAsString().equals("Sequential")
                ? KerasModelClass.SEQUENTIAL : KerasModelClass.FUNCTIONAL);
        JsonObject spec = description.getAsJsonObject("input_spec");
        assertThat(model.input().batchShape()).isEqualTo(shape(spec.getAsJsonArray("declared_batch_shape")));

        List<JsonObject> layers = description.getAsJsonArray("layers").asList().stream()
                .map(JsonElement::getAsJsonObject).toList();
        assertThat(model.layers()).extracting(KerasLayer::className)
                .containsExactlyElementsOf(layers.stream().map(l -> l.get("class").getAsString()).toList());
        assertThat(model.layers()).extracting(KerasLayer::name)
                .containsExactlyElementsOf(layers.stream().map(l -> l.get("name").getAsString()).toList());
        for (int i = 0; i < layers.size(); i++) {
            checkLayer(model.layers().get(i), layers.get(i));
        }
    }

    /** The weights a layer of the described class and settings has in Keras, in order. */
    private static void checkLayer(KerasLayer layer, JsonObject described) {
        int units = described.has("units") ? described.get("units").getAsInt() : -1;
        List<String> names = layer.weights().stream().map(KerasWeight::name).toList();
        List<Shape> shapes = layer.weights().stream().map(w -> w.value().shape()).toList();
        switch (layer.className()) {
            case "Dense" -> {
                assertThat(names).containsExactly("kernel", "bias");
                assertThat(shapes.get(0).dim(1)).isEqualTo(units);
                assertThat(shapes.get(1)).isEqualTo(Shape.of(units));
            }
            case "Conv1D" -> {
                assertThat(names).containsExactly("kernel", "bias");
                assertThat(shapes.get(0).dim(0)).isEqualTo(described.getAsJsonArray("kernel_size").get(0).getAsInt());
                assertThat(shapes.get(0).dim(2)).isEqualTo(described.get("filters").getAsInt());
            }
            case "Embedding" -> assertThat(shapes).containsExactly(Shape.of(described.get("input_dim").getAsInt(),
                    described.get("output_dim").getAsInt()));
            case "SimpleRNN", "LSTM", "GRU" -> {
                int gates = Map.of("SimpleRNN", 1, "LSTM", 4, "GRU", 3).get(layer.className());
                assertThat(names).containsExactly("kernel", "recurrent_kernel", "bias");
                assertThat(shapes.get(0).dim(1)).isEqualTo(gates * units);
                assertThat(shapes.get(1)).isEqualTo(Shape.of(units, gates * units));
                boolean resetAfter = described.has("reset_after") && described.get("reset_after").getAsBoolean();
                assertThat(shapes.get(2)).isEqualTo(resetAfter ? Shape.of(2, gates * units) : Shape.of(gates * units));
            }
            default -> assertThat(layer.weights()).isEmpty();
        }
        if (described.has("activation")) {
            assertThat(layer.config().string("activation")).contains(described.get("activation").getAsString());
        }
    }

    private static Shape shape(com.google.gson.JsonArray dims) {
        return Shape.of(dims.asList().stream().mapToInt(d -> d.isJsonNull() ? Shape.UNKNOWN : d.getAsInt()).toArray());
    }

    @Test
    void theSameNetworkReadsTheSameFromItsArchiveAndItsWeightsFile() {
        KerasModelsFolder.assumePresent();
        KerasModel archive = KerasModelsFolder.read(KerasModelsFolder.description("k3_dellade_conv1d_lstm"));
        KerasModel weights = KerasModelsFolder.read(KerasModelsFolder.description("k3w_dellade_conv1d_lstm"));
        assertThat(weights.layers()).extracting(KerasLayer::name)
                .containsExactlyElementsOf(archive.layers().stream().map(KerasLayer::name).toList());
        for (int i = 0; i < archive.layers().size(); i++) {
            KerasWeightsAssert.assertSameWeights(weights.layers().get(i), archive.layers().get(i));
        }
    }

    @Test
    void listsEachLayerClassWithItsConfigKeys() {
        KerasModelsFolder.assumePresent();
        KerasModel model = KerasModelsFolder.read(KerasModelsFolder.description("k2_cse5393_emb_gru_hardsig"));
        Map<String, Set<String>> keys = model.configKeysByClass();
        assertThat(keys.keySet()).containsExactly("InputLayer", "Embedding", "GRU", "Dense");
        assertThat(keys.get("GRU")).contains("units", "recurrent_activation", "implementation")
                .doesNotContain("reset_after");
        KerasConfig gru = model.layers().get(2).config();
        assertThat(gru.has("reset_after")).isFalse();
        assertThat(gru.string("recurrent_activation")).contains("hard_sigmoid");
        assertThat(gru.integer("implementation")).contains(0);
        assertThat(gru.has("kernel_regularizer")).isTrue();
        assertThat(gru.isNull("kernel_regularizer")).isTrue();
        assertThat(gru.object("kernel_initializer").flatMap(i -> i.string("class_name"))).isPresent();
    }

    @Test
    void anUnspecifiedTimeDimensionIsUnknown() {
        KerasModelsFolder.assumePresent();
        KerasModel model = KerasModelsFolder.read(KerasModelsFolder.description("k2_huanvo_gru_noresetafter"));
        assertThat(model.input().shape()).isEqualTo(Shape.of(Shape.UNKNOWN, 60));
        assertThat(model.input().dtype()).isEqualTo("float32");
    }
}
