package dev.seqconv.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.seqconv.api.keras.KerasFiles;
import dev.seqconv.api.keras.KerasFormat;
import dev.seqconv.api.keras.KerasModelsFolder;
import dev.seqconv.api.keras.WindowsWeightsLayout;
import dev.seqconv.api.keras.ZipEntries;
import dev.seqconv.examples.arrays.NpyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inspect}, {@code convert} and {@code predict} on real Keras files from {@code ../shared/keras-models}
 * (the system property {@code seqconv.keras.models.dir}; skipped where the folder is absent).
 */
class KerasCommandsTest {


    @TempDir
    Path dir;


    private static Path models() {
        KerasModelsFolder.assumePresent();
        return KerasModelsFolder.directory();
    }

    private static JsonObject described(String slug) throws IOException {
        return JsonParser.parseString(Files.readString(models().resolve(slug + ".json"))).getAsJsonObject();
    }

    @Test
    void inspectShowsTheFormatTheVersionAndTheModelSeqconvBuilds() {
        CommandLineRun run = CommandLineRun.of("inspect", models().resolve("k3_umer_url_emb_conv1d.keras").toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("Keras 3.7.0").contains("Embedding").contains("Conv1D").contains("seqconv runs it as")
                .contains("Total params");
    }

    @Test
    void inspectOfWeightsWithoutTheirConfigurationSaysWhatIsMissing() {
        CommandLineRun run = CommandLineRun.of("inspect", models().resolve("k3w_dellade_conv1d_lstm.weights.h5").toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("--config");
    }

    @Test
    void anUnsupportedLayerIsNamedBeforeWeightsInTheWindowsLayout() throws IOException {
        Path real = models().resolveSibling("keras-models-3").resolve("k3_shiva_conv1d_bn_act_gap.keras");
        assumeTrue(Files.isRegularFile(real), "Skipped: no " + real.toAbsolutePath() + " (../shared/keras-models-3)");
        Path unsupported = ZipEntries.withEntry(real, "config.json",
                config -> config.replace("\"BatchNormalization\"", "\"LayerNormalization\""),
                dir.resolve("layer_normalization.keras"));
        Path file = WindowsWeightsLayout.archive(unsupported, dir.resolve("windows.keras"));
        String layer = "layer 'batch_normalization' (LayerNormalization, the 2nd layer in model.summary())";

        CommandLineRun inspect = CommandLineRun.of("inspect", file.toString());
        assertThat(inspect.code()).isEqualTo(1);
        assertThat(inspect.out()).contains("Keras 3.13.1", "LayerNormalization 'batch_normalization'",
                "seqconv refuses it: " + file + ": " + layer, "seqconv has no layer LayerNormalization")
                .doesNotContain("backslash");
        assertThat(inspect.err()).isEmpty();

        CommandLineRun convert = CommandLineRun.of("convert", file.toString(), dir.resolve("out.keras").toString());
        assertThat(convert.code()).isEqualTo(1);
        assertThat(convert.err()).contains(layer).doesNotContain("backslash");
    }

    @Test
    void inspectOfWeightsInTheWindowsLayoutShowsTheLayersAndWhyTheWeightsAreRefused() throws IOException {
        Path file = WindowsWeightsLayout.archive(models().resolve("k3_umer_url_emb_conv1d.keras"),
                dir.resolve("windows.keras"));
        CommandLineRun inspect = CommandLineRun.of("inspect", file.toString());
        assertThat(inspect.code()).isEqualTo(1);
        assertThat(inspect.out()).contains("Keras 3.7.0", "Layers (configuration only; the weights could not be read)",
                "Embedding '", "seqconv refuses it: " + file + ": ", "backslashes");
        assertThat(inspect.err()).isEmpty();
    }

    @Test
    void aLegacyFileConvertedToKerasPredictsKerassOutputsFromJsonAndNpy() throws IOException {
        JsonObject json = described("tfk_sandeepan_conv1d_pool");
        Path legacy = models().resolve(json.get("file").getAsString());
        Path converted = converted(legacy, "sandeepan.keras");
        assertThat(KerasFiles.read(converted).format()).isEqualTo(KerasFormat.KERAS_ARCHIVE);

        Path input = inputFile(json);
        List<Double> expected = flat(json.get("expected_output"));

        CommandLineRun fromJson = CommandLineRun.of("predict", "--model", legacy.toString(), "--input", input.toString(), "--backend", "nd4j");
        assertThat(fromJson.code()).as(fromJson.err()).isZero();
        assertClose(outputOf(fromJson), expected);

        Path output = dir.resolve("out.npy");
        CommandLineRun fromArchive = CommandLineRun.of("predict", "--model", converted.toString(), "--input", input.toString(), "--output",
                output.toString(), "--backend", "tensorflow", "--batch-size", "2");
        assertThat(fromArchive.code()).as(fromArchive.err()).isZero();
        float[] values = NpyFile.read(output).toFloatArray();
        List<Double> predicted = new ArrayList<>();
        for (float v : values) {
            predicted.add((double) v);
        }
        assertClose(predicted, expected);
    }

    @Test
    void aWeightsFileWithItsConfigurationPredictsAsTheArchive() throws IOException {
        JsonObject json = described("k3_dellade_conv1d_lstm");
        Path weights = converted(models().resolve(json.get("file").getAsString()), "dellade.weights.h5");
        Path config = dir.resolve("dellade.json");
        assertThat(config).exists();
        Path input = inputFile(json);
        CommandLineRun run = CommandLineRun.of("predict", "--model", weights.toString(), "--config", config.toString(),
                "--input", input.toString(), "--backend", "nd4j");
        assertThat(run.code()).as(run.err()).isZero();
        assertClose(outputOf(run), flat(json.get("expected_output")));
    }

    @Test
    void predictRefusesFractionsWhereTokenIdsBelong() throws IOException {
        Path input = dir.resolve("input.json");
        Files.writeString(input, "{\"input\": [[0.5, 1, 2]]}");
        CommandLineRun run = CommandLineRun.of("predict", "--model", models().resolve("k3_umer_url_emb_conv1d.keras").toString(), "--input",
                input.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("integer token ids");
    }

    @Test
    void predictSaysATokenIdBeyondInt32IsOutOfRangeNotFractional() throws IOException {
        Path input = dir.resolve("input.json");
        Files.writeString(input, "{\"input\": [[1, 2, 3000000000]]}");
        CommandLineRun run = CommandLineRun.of("predict", "--model", models().resolve("k3_umer_url_emb_conv1d.keras").toString(), "--input",
                input.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("3000000000 at [0][2], out of range", "integer token ids (0 to 999)")
                .doesNotContain("fraction");
    }

    @Test
    void convertWriteInexactSaysWhatKeras3ComputesDifferentlyAndByHowMuch() {
        Path keras2 = models().resolve("k2_huanvo_gru_noresetafter.h5");
        Path out = dir.resolve("huanvo.keras");
        CommandLineRun refused = CommandLineRun.of("convert", keras2.toString(), out.toString(), "--time-steps", "30");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("recurrent_activation 'hard_sigmoid'", "Give --write-inexact")
                .doesNotContain("WRITE_INEXACT");
        assertThat(out).doesNotExist();

        CommandLineRun written = CommandLineRun.of("convert", keras2.toString(), out.toString(), "--time-steps", "30",
                "--write-inexact", "--backend", "nd4j");
        assertThat(written.code()).as(written.err()).isZero();
        assertThat(written.out()).contains("Wrote " + out);
        assertThat(written.err()).contains("Inexact: Keras 3 computes " + out + " differently",
                "layer 'gru_1' (GRU, the 1st layer in model.summary()): recurrent_activation 'hard_sigmoid' is "
                        + "HARD_SIGMOID_KERAS2 here",
                "On 32 random inputs from N(0, 1) (seed 0), Keras 3's outputs differ from seqconv's by up to");
        double moved = Double.parseDouble(written.err().replaceAll("(?s).*by up to (\\S+) .*", "$1"));
        assertThat(moved).isBetween(1e-3, 1.0);
    }

    @Test
    void convertRefusesAnOutputItCannotWrite() {
        CommandLineRun run = CommandLineRun.of("convert", models().resolve("k3_umer_url_emb_conv1d.keras").toString(), dir.resolve("x.h5").toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains(".keras or .weights.h5");
    }

    @Test
    void convertInPlaceReplacesTheFileWithAnEquivalentOne() throws IOException {
        JsonObject json = described("k3_umer_url_emb_conv1d");
        Path file = Files.copy(models().resolve(json.get("file").getAsString()), dir.resolve("umer.keras"));
        CommandLineRun convert = CommandLineRun.of("convert", file.toString(), file.toString());
        assertThat(convert.code()).as(convert.err()).isZero();
        CommandLineRun run = CommandLineRun.of("predict", "--model", file.toString(), "--input",
                inputFile(json).toString(), "--backend", "nd4j");
        assertThat(run.code()).as(run.err()).isZero();
        assertClose(outputOf(run), flat(json.get("expected_output")));
    }

    /** {@code model} converted by the convert command into {@code name} in the test's folder. */
    private Path converted(Path model, String name) {
        Path target = dir.resolve(name);
        CommandLineRun convert = CommandLineRun.of("convert", model.toString(), target.toString());
        assertThat(convert.code()).as(convert.err()).isZero();
        return target;
    }

    /** The values of predict's JSON output, {@code {"output": [...]}}, as printed by {@code run}. */
    private static List<Double> outputOf(CommandLineRun run) {
        return flat(JsonParser.parseString(run.out()).getAsJsonObject().get("output"));
    }

    /** The described file's input batch as predict's JSON input, {@code {"input": [...]}}. */
    private Path inputFile(JsonObject described) throws IOException {
        Path input = dir.resolve("input.json");
        JsonObject request = new JsonObject();
        request.add("input", described.get("input"));
        Files.writeString(input, request.toString());
        return input;
    }

    private static List<Double> flat(JsonElement element) {
        List<Double> values = new ArrayList<>();
        if (element.isJsonArray()) {
            for (JsonElement e : (JsonArray) element) {
                values.addAll(flat(e));
            }
        } else {
            values.add(element.getAsDouble());
        }
        return values;
    }

    private static void assertClose(List<Double> actual, List<Double> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("value %d", i).isCloseTo(expected.get(i),
                    Offset.offset(1e-5 * Math.max(1, Math.abs(expected.get(i)))));
        }
    }
}
