package dev.seqconv.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seqconv.api.keras.KerasConfig;
import dev.seqconv.api.keras.KerasFileException;
import dev.seqconv.api.keras.KerasFileRefusals;
import dev.seqconv.api.keras.KerasFiles;
import dev.seqconv.api.keras.KerasLayer;
import dev.seqconv.api.keras.KerasModel;
import dev.seqconv.api.keras.KerasModelsFolder;
import dev.seqconv.api.keras.WindowsWeightsLayout;
import dev.seqconv.api.keras.ZipEntries;
import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.Dropout;
import dev.seqconv.api.layers.Embedding;
import dev.seqconv.api.layers.LSTM;
import dev.seqconv.api.layers.RecurrentOptions;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.network.LayerNode;
import dev.seqconv.api.ops.Activation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What {@link KerasModels} refuses: a .keras archive of a small network, saved by seqconv, with one thing in its
 * config.json changed. Each refusal names the file, the layer and its position, and what is supported instead.
 */
class KerasModelsRefusalTest {

    /** How refusals name the network's last layer: after the Embedding, two LSTMs and the Dropout. */
    private static final String LAST_DENSE = "layer 'dense' (Dense, the 5th layer in model.summary())";

    @TempDir
    Path dir;

    /** Embedding(50, 4) → LSTM(3, sequences) → Dropout → LSTM(3) → Dense(2, softmax), over 6 ids. */
    private static Sequential network() {
        return Sequential.builder().name("small").input(Input.ints(6))
                .add(Embedding.of(50, 4))
                .add(LSTM.of(RecurrentOptions.builder(3).returnSequences(true).build()))
                .add(Dropout.of(0.1))
                .add(LSTM.of(3))
                .add(Dense.of(2, Activation.SOFTMAX))
                .seed(7).build();
    }

    private Path saved() {
        Path file = dir.resolve("small.keras");
        try (Sequential model = network()) {
            KerasModels.save(model, file);
        }
        return file;
    }

    /** The saved archive with {@code from} replaced by {@code to} in its config.json (which must contain it). */
    private Path changed(String from, String to) throws IOException {
        return withConfig(config -> {
            assertThat(config).contains(from);
            return config.replaceFirst(Pattern.quote(from), to);
        });
    }

    /** The saved archive with its config.json changed by {@code change}. */
    private Path withConfig(UnaryOperator<String> change) throws IOException {
        return ZipEntries.withEntry(saved(), "config.json", change, dir.resolve("changed.keras"));
    }

    private static void assertRefused(Path file, String... phrases) {
        KerasFileRefusals.assertRefused(() -> KerasModels.load(file), file, phrases);
    }

    @Test
    void theUnchangedArchiveLoadsWithItsWeights() {
        Path file = saved();
        try (Sequential original = network(); Sequential loaded = KerasModels.load(file)) {
            assertThat(loaded.layers().stream().map(LayerNode::name))
                    .containsExactlyElementsOf(original.layers().stream().map(LayerNode::name).toList());
            assertThat(loaded.input()).isEqualTo(original.input());
            for (int i = 0; i < original.getWeights().size(); i++) {
                NdArray want = original.getWeights().get(i);
                assertThat(loaded.getWeights().get(i).toFloatArray()).isEqualTo(want.toFloatArray());
            }
        }
    }

    @Test
    void anUnknownLayer() {
        KerasModel read = KerasFiles.read(saved());
        List<KerasLayer> layers = new ArrayList<>(read.layers());
        layers.set(3, new KerasLayer("Lambda", "lambda", KerasConfig.parse("{\"name\": \"lambda\"}"), List.of()));
        Path file = dir.resolve("lambda.keras");
        KerasFiles.write(file, new KerasModel(read.format(), read.kerasVersion(), read.modelClass(), read.name(),
                read.input(), layers));
        assertRefused(file, "layer 'lambda' (Lambda, the 3rd layer in model.summary())", "seqconv has no layer Lambda",
                "Conv1D", "GRU");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"mask_zero | 'embedding' (Embedding, the 1st",
            "stateful | 'lstm' (LSTM, the 2nd", "return_state | 'lstm' (LSTM, the 2nd"})
    void anOptionSeqconvDoesNotModel(String key, String layer) throws IOException {
        assertRefused(changed("\"" + key + "\":false", "\"" + key + "\":true"),
                "layer " + layer + " layer in model.summary())",
                key + "=true is not modelled", "only " + key + "=false is supported");
    }

    @Test
    void anUnsupportedActivation() throws IOException {
        assertRefused(changed("\"activation\":\"softmax\"", "\"activation\":\"elu\""), LAST_DENSE,
                "Unsupported Keras activation 'elu'", "supported: linear, relu, sigmoid, tanh, softmax, hard_sigmoid");
    }

    @Test
    void anUnknownConfigKey() throws IOException {
        assertRefused(changed("\"units\":2", "\"units\":2,\"lora_scale\":4"), LAST_DENSE,
                "config key 'lora_scale' is not one seqconv knows", "units");
    }

    @Test
    void channelsFirst() throws IOException {
        assertRefused(changed("\"units\":2", "\"units\":2,\"data_format\":\"channels_first\""), LAST_DENSE,
                "data_format=channels_first", "only data_format=channels_last");
    }

    @Test
    void anUnspecifiedTimeDimensionNeedsTheNumberOfSteps() throws IOException {
        Path file = changed("\"batch_shape\":[null,6]", "\"batch_shape\":[null,null]");
        assertRefused(file, "leaves the number of time steps unspecified", "KerasModels.load(file, timeSteps)");
        try (Sequential model = KerasModels.load(file, 9)) {
            assertThat(model.input()).isEqualTo(Input.ints(9));
        }
    }

    @Test
    void aWeightsFileWhoseConfigurationLeavesTheTimeStepsOpenIsLoadedForTheNumberGiven() throws IOException {
        Path weights = dir.resolve("small.weights.h5");
        Path json = dir.resolve("small.json");
        try (Sequential model = network()) {
            model.saveWeights(weights);
            String config = KerasModels.toJson(model);
            assertThat(config).contains("\"batch_shape\":[null,6]");
            Files.writeString(json, config.replace("\"batch_shape\":[null,6]", "\"batch_shape\":[null,null]"));
        }
        KerasFileRefusals.assertRefused(() -> KerasModels.load(weights, json), weights,
                "leaves the number of time steps unspecified", "KerasModels.load(weights, json, timeSteps)");
        try (Sequential original = network(); Sequential loaded = KerasModels.load(weights, json, 9)) {
            assertThat(loaded.input()).isEqualTo(Input.ints(9));
            for (int i = 0; i < original.getWeights().size(); i++) {
                assertThat(loaded.getWeights().get(i).toFloatArray())
                        .isEqualTo(original.getWeights().get(i).toFloatArray());
            }
        }
    }

    /** {@code archive} with its weights in tf.keras 2.15's Windows layout ({@code layers\\conv1d}). */
    private Path withWindowsWeights(Path archive) throws IOException {
        return WindowsWeightsLayout.archive(archive, dir.resolve("windows.keras"));
    }

    @Test
    void anUnsupportedLayerIsNamedBeforeAnyProblemOfTheWeights() throws IOException {
        Path real = KerasModelsFolder.directory().resolveSibling("keras-models-3")
                .resolve("k3_shiva_conv1d_bn_act_gap.keras");
        assumeTrue(Files.isRegularFile(real), "Skipped: no " + real.toAbsolutePath() + " (../shared/keras-models-3)");
        Path unsupported = ZipEntries.withEntry(real, "config.json",
                config -> config.replace("\"BatchNormalization\"", "\"LayerNormalization\""),
                dir.resolve("layer_normalization.keras"));
        Path file = withWindowsWeights(unsupported);
        assertRefused(file, "layer 'batch_normalization' (LayerNormalization, the 2nd layer in model.summary())",
                "seqconv has no layer LayerNormalization");
    }

    @Test
    void weightsWithWindowsGroupNamesAreExplained() throws IOException {
        Path file = withWindowsWeights(saved());
        assertRefused(file, "named with backslashes ('layers\\dense' where Keras writes 'layers/dense')",
                "tf.keras 2.13 to 2.15 on Windows", "Keras 3 does not", "model.save(\"model.h5\")");
    }

    @Test
    void weightsOfAnotherNetworkAreNotLoadedOntoAModelBuiltInJava() {
        Path weights = dir.resolve("other.weights.h5");
        try (Sequential other = Sequential.builder().input(Input.floats(4)).add(Dense.of(5)).add(Dense.of(1)).build();
             Sequential model = Sequential.builder().input(Input.floats(4)).add(Dense.of(3)).add(Dense.of(1)).build()) {
            other.saveWeights(weights);
            List<NdArray> before = model.getWeights();
            assertThatThrownBy(() -> KerasModels.loadWeights(model, weights)).isInstanceOf(KerasFileException.class)
                    .hasMessageStartingWith(weights.toString())
                    .hasMessageContaining("layer 'dense' (Dense, the 1st layer in model.summary())")
                    .hasMessageContaining("(4, 5)")
                    .hasMessageContaining("(4, 3)");
            assertThat(model.getWeights().get(0).toFloatArray()).isEqualTo(before.get(0).toFloatArray());
        }
    }
}
