package dev.seqconv.api.keras;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.seqconv.api.layers.Conv1D;
import dev.seqconv.api.layers.Dropout;
import dev.seqconv.api.layers.GlobalAveragePooling1D;
import dev.seqconv.api.model.KerasModels;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.ops.Activation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real Keras 3 files read, written and read again; legacy files written as Keras 3 would write them. */
class KerasRoundTripTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"k3_komei_lstm_stack", "k3_umer_url_emb_conv1d", "k3_dellade_conv1d_lstm",
            "k3_bharath_emb_simplernn"})
    void aKeras3ArchiveWrittenAgainHasTheSameWeightsAndConfig(String slug) throws IOException {
        KerasModelsFolder.assumePresent();
        Path source = KerasModelsFolder.directory().resolve(slug + ".keras");
        KerasModel model = KerasFiles.read(source);
        Path copy = dir.resolve("copy.keras");
        KerasFiles.write(copy, model);

        assertThat(KerasWeightsAssert.layerDatasets(extract(copy, "model.weights.h5")))
                .isEqualTo(KerasWeightsAssert.layerDatasets(extract(source, "model.weights.h5")));
        List<JsonObject> before = layers(source);
        List<JsonObject> after = layers(copy);
        assertThat(after).extracting(l -> l.get("class_name").getAsString())
                .containsExactlyElementsOf(before.stream().map(l -> l.get("class_name").getAsString()).toList());
        for (int i = 0; i < before.size(); i++) {
            JsonObject was = before.get(i).getAsJsonObject("config");
            JsonObject is = after.get(i).getAsJsonObject("config");
            // The InputLayer is written with Keras 3's long-standing keys only (not 3.9's ragged, 3.6's optional).
            for (String key : i == 0 ? List.of("batch_shape", "dtype", "sparse", "name") : was.keySet()) {
                assertThat(is.get(key)).as("layer %d config key %s", i, key).isEqualTo(was.get(key));
            }
            if (before.get(i).has("build_config")) {
                assertThat(after.get(i).get("build_config")).isEqualTo(before.get(i).get("build_config"));
            }
        }
        KerasModel again = KerasFiles.read(copy);
        assertThat(again.kerasVersion()).contains(KerasArchive.LAYOUT_VERSION);
        assertThat(again.input()).isEqualTo(model.input());
        for (int i = 0; i < model.layers().size(); i++) {
            KerasWeightsAssert.assertSameWeights(again.layers().get(i), model.layers().get(i));
        }
    }

    /** Layers without weights beside ones with them made model.weights.h5 unreadable (see WeightsFileTest). */
    @Test
    void anArchiveWithLayersWithoutWeightsLoadsBack() {
        Path file = dir.resolve("pooled.keras");
        try (Sequential saved = Sequential.builder().input(Input.floats(6, 4)).add(Conv1D.of(3, 2, Activation.RELU))
                .add(GlobalAveragePooling1D.of()).add(Dropout.of(0.5)).seed(1).build()) {
            KerasModels.save(saved, file);
            try (Sequential loaded = KerasModels.load(file)) {
                for (int i = 0; i < saved.getWeights().size(); i++) {
                    assertThat(loaded.getWeights().get(i).toFloatArray())
                            .containsExactly(saved.getWeights().get(i).toFloatArray());
                }
            }
        }
    }

    @Test
    void theWriterNamesVarsGroupsAsKeras38Does() throws IOException {
        KerasModelsFolder.assumePresent();
        Path source = KerasModelsFolder.directory().resolve("k3_dellade_conv1d_lstm.keras");
        Path copy = dir.resolve("copy.keras");
        KerasFiles.write(copy, KerasFiles.read(source));
        assertThat(KerasWeightsAssert.layerGroups(extract(copy, "model.weights.h5")))
                .isEqualTo(KerasWeightsAssert.layerGroupsOfLayersWithWeights(extract(source, "model.weights.h5")));
    }

    @Test
    void aLegacyConvNetWrittenAsKeras3IsLaidOutByClassCounters() throws IOException {
        KerasModelsFolder.assumePresent();
        Path copy = dir.resolve("conv.keras");
        KerasFiles.write(copy, KerasFiles.read(KerasModelsFolder.directory().resolve("tfk_sandeepan_conv1d_pool.h5")));
        Path h5 = extract(copy, "model.weights.h5");
        assertThat(KerasWeightsAssert.layerDatasets(h5).keySet()).containsExactly(
                "/layers/conv1d/vars/0", "/layers/conv1d/vars/1", "/layers/conv1d_1/vars/0", "/layers/conv1d_1/vars/1",
                "/layers/dense/vars/0", "/layers/dense/vars/1", "/layers/dense_1/vars/0", "/layers/dense_1/vars/1");
        assertThat(KerasWeightsAssert.layerGroups(h5)).doesNotContainKeys("/layers/max_pooling1d/vars/",
                "/layers/max_pooling1d_1/vars/", "/layers/flatten/vars/", "/layers/dropout/vars/");
        JsonObject input = layers(copy).get(0);
        assertThat(input.get("class_name").getAsString()).isEqualTo("InputLayer");
        assertThat(input.getAsJsonObject("config").get("batch_shape").toString()).isEqualTo("[null,10,1]");
        assertThat(KerasFiles.read(copy).layers()).extracting(KerasLayer::className).containsExactly("InputLayer",
                "Conv1D", "MaxPooling1D", "Conv1D", "MaxPooling1D", "Flatten", "Dense", "Dropout", "Dense");
    }

    @Test
    void aLegacyRecurrentNetWrittenAsKeras3KeepsItsWeightsInTheCells() throws IOException {
        KerasModelsFolder.assumePresent();
        KerasModel legacy = KerasFiles.read(KerasModelsFolder.directory().resolve("tfk_bingqi_lstm3.h5"));
        Path copy = dir.resolve("lstm.keras");
        KerasFiles.write(copy, legacy);
        Path h5 = extract(copy, "model.weights.h5");
        assertThat(KerasWeightsAssert.layerDatasets(h5).keySet()).containsExactly(
                "/layers/dense/vars/0", "/layers/dense/vars/1",
                "/layers/lstm/cell/vars/0", "/layers/lstm/cell/vars/1", "/layers/lstm/cell/vars/2",
                "/layers/lstm_1/cell/vars/0", "/layers/lstm_1/cell/vars/1", "/layers/lstm_1/cell/vars/2",
                "/layers/lstm_2/cell/vars/0", "/layers/lstm_2/cell/vars/1", "/layers/lstm_2/cell/vars/2");
        assertThat(KerasWeightsAssert.layerGroups(h5)).containsEntry("/layers/lstm_1/vars/", "lstm_1")
                .containsEntry("/layers/lstm_1/cell/vars/", "lstm_cell");
        KerasModel again = KerasFiles.read(copy);
        // The written model gains an InputLayer; the legacy file's layers follow it unchanged.
        assertThat(again.layers().get(0).isInputLayer()).isTrue();
        for (int i = 0; i < legacy.layers().size(); i++) {
            KerasWeightsAssert.assertSameWeights(again.layers().get(i + 1), legacy.layers().get(i));
        }
    }

    @Test
    void aFunctionalLegacyChainIsWrittenAsSequential() throws IOException {
        KerasModelsFolder.assumePresent();
        Path copy = dir.resolve("gru.keras");
        KerasFiles.write(copy, KerasFiles.read(KerasModelsFolder.directory().resolve("k2_cse5393_emb_gru_hardsig.h5")));
        KerasModel again = KerasFiles.read(copy);
        assertThat(again.modelClass()).isEqualTo(KerasModelClass.SEQUENTIAL);
        assertThat(again.layers()).extracting(KerasLayer::name).containsExactly("input_2", "embedding_2", "gru_2",
                "dense_7");
        assertThat(KerasWeightsAssert.layerDatasets(extract(copy, "model.weights.h5")))
                .containsKeys("/layers/embedding/vars/0", "/layers/gru/cell/vars/2", "/layers/dense/vars/1");
    }

    private List<JsonObject> layers(Path archive) throws IOException {
        JsonObject config = JsonParser.parseString(Files.readString(extract(archive, "config.json"),
                StandardCharsets.UTF_8)).getAsJsonObject();
        return config.getAsJsonObject("config").getAsJsonArray("layers").asList().stream()
                .map(JsonElement::getAsJsonObject).toList();
    }

    private Path extract(Path archive, String entry) throws IOException {
        Path out = Files.createTempFile(dir, entry, ".out");
        try (ZipFile zip = new ZipFile(archive.toFile()); InputStream in = zip.getInputStream(zip.getEntry(entry))) {
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
        }
        return out;
    }

    @Test
    void entriesAreStoredUncompressedAsKerasStoresThem() throws IOException {
        KerasModelsFolder.assumePresent();
        Path copy = dir.resolve("copy.keras");
        KerasFiles.write(copy, KerasFiles.read(KerasModelsFolder.directory().resolve("k3_komei_lstm_stack.keras")));
        try (ZipFile zip = new ZipFile(copy.toFile())) {
            assertThat(zip.stream().map(e -> Map.entry(e.getName(), e.getMethod())).toList()).containsExactly(
                    Map.entry("metadata.json", 0), Map.entry("config.json", 0), Map.entry("model.weights.h5", 0));
        }
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()).toList()).containsExactly("copy.keras");
    }
}
