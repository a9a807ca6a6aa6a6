package dev.seqconv.api.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged, incomplete, inconsistent and unsupported files are refused with a message naming file and cause. */
class KerasBadFilesTest {

    @TempDir
    Path dir;

    /** InputLayer (4) → Dense(3): a tiny valid model. */
    private static KerasModel tinyModel(NdArray kernel) {
        KerasLayer input = new KerasLayer("InputLayer", "input_layer",
                KerasConfig.parse("{\"batch_shape\": [null, 4], \"dtype\": \"float32\", \"name\": \"input_layer\"}"),
                List.of());
        KerasLayer dense = new KerasLayer("Dense", "dense", KerasConfig.parse("{\"name\": \"dense\", \"units\": 3}"),
                List.of(new KerasWeight("kernel", kernel), new KerasWeight("bias", NdArray.zeros(Shape.of(3)))));
        return new KerasModel(KerasFormat.KERAS_ARCHIVE, Optional.empty(), KerasModelClass.SEQUENTIAL, "sequential",
                new KerasInput(Shape.of(4), "float32"), List.of(input, dense));
    }

    private Path tinyArchive() {
        Path file = dir.resolve("tiny.keras");
        KerasFiles.write(file, tinyModel(NdArray.zeros(Shape.of(4, 3))));
        return file;
    }

    /** The tiny archive's entries, to be changed and zipped again. */
    private static Map<String, byte[]> entries(Path archive) throws IOException {
        return ZipEntries.read(archive);
    }

    private Path zip(String name, Map<String, byte[]> entries) throws IOException {
        return ZipEntries.write(dir.resolve(name), entries);
    }

    private Path withConfig(String config) throws IOException {
        return ZipEntries.withEntry(tinyArchive(), "config.json", old -> config, dir.resolve("changed.keras"));
    }

    private static void assertRefused(Path file, String... phrases) {
        KerasFileRefusals.assertRefused(() -> KerasFiles.read(file), file, phrases);
    }

    @Test
    void theTinyModelRoundTrips() {
        KerasModel model = KerasFiles.read(tinyArchive());
        assertThat(model.layers()).extracting(KerasLayer::className).containsExactly("InputLayer", "Dense");
        assertThat(model.layers().get(1).weights()).extracting(w -> w.value().shape())
                .containsExactly(Shape.of(4, 3), Shape.of(3));
    }

    /** A zip bomb: weights that declare more than the limit are refused before anything is extracted. */
    @Test
    void weightsDeclaringMoreThanTheLimitAreRefusedWithTheirSize() throws IOException {
        Map<String, byte[]> entries = entries(tinyArchive());
        entries.put("model.weights.h5", new byte[64 << 10]);
        Path file = zip("bomb.keras", entries);
        KerasFileRefusals.assertRefused(() -> KerasArchive.read(file, model -> { }, 16 << 10), file,
                "model.weights.h5 declares 65,536 bytes", "16,384 bytes", "damaged or hostile", "-Xmx");
    }

    /** A zip bomb whose central directory understates the inflated size is stopped once it inflates past the limit. */
    @Test
    void weightsInflatingBeyondTheLimitAreStoppedThere() throws IOException {
        Map<String, byte[]> entries = entries(tinyArchive());
        entries.put("model.weights.h5", new byte[64 << 10]);
        Path file = zip("lying.keras", entries);
        byte[] bytes = Files.readAllBytes(file);
        int central = lastIndexOf(bytes, new byte[] {0x50, 0x4b, 0x01, 0x02}, "model.weights.h5");
        bytes[central + 24] = 100; // the declared uncompressed size, little-endian: 100 bytes
        bytes[central + 25] = 0;
        bytes[central + 26] = 0;
        bytes[central + 27] = 0;
        Files.write(file, bytes);
        KerasFileRefusals.assertRefused(() -> KerasArchive.read(file, model -> { }, 16 << 10), file,
                "model.weights.h5 decompresses to more than 16,384 bytes", "read so far", "damaged or hostile");
    }

    /** The central directory header of the entry {@code name}: its signature followed, 46 bytes on, by the name. */
    private static int lastIndexOf(byte[] bytes, byte[] signature, String name) {
        byte[] expected = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = bytes.length - signature.length - 46 - expected.length; i >= 0; i--) {
            if (Arrays.equals(bytes, i, i + 4, signature, 0, 4)
                    && Arrays.equals(bytes, i + 46, i + 46 + expected.length, expected, 0, expected.length)) {
                return i;
            }
        }
        throw new AssertionError("no central directory entry " + name);
    }

    @Test
    void aTruncatedArchive() throws IOException {
        Path file = tinyArchive();
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        assertRefused(file, "not a readable zip archive", "truncated or corrupt");
    }

    @Test
    void anArchiveWithoutConfig() throws IOException {
        Map<String, byte[]> entries = entries(tinyArchive());
        entries.remove("config.json");
        assertRefused(zip("noconfig.keras", entries), "has no config.json");
    }

    @Test
    void anArchiveWithoutMetadata() throws IOException {
        Map<String, byte[]> entries = entries(tinyArchive());
        entries.remove("metadata.json");
        assertRefused(zip("nometa.keras", entries), "has no metadata.json");
    }

    @Test
    void anArchiveWithCorruptWeights() throws IOException {
        Map<String, byte[]> entries = entries(tinyArchive());
        byte[] weights = entries.get("model.weights.h5");
        entries.put("model.weights.h5", Arrays.copyOf(weights, 100));
        Path file = zip("corrupt.keras", entries);
        assertRefused(file, "its model.weights.h5", "corrupt");
    }

    @Test
    void aCorruptLegacyFile() throws IOException {
        KerasModelsFolder.assumePresent();
        byte[] bytes = Files.readAllBytes(KerasModelsFolder.directory().resolve("tfk_sandeepan_conv1d_pool.h5"));
        Path file = dir.resolve("corrupt.h5");
        Files.write(file, Arrays.copyOf(bytes, 4000));
        assertRefused(file, "is truncated: it holds 4000 bytes");
    }

    @Test
    void weightsOfTheWrongShapeForTheConfig() throws IOException {
        Path file = withConfig(new String(entries(tinyArchive()).get("config.json"), StandardCharsets.UTF_8)
                .replace("\"units\":3", "\"units\":5"));
        assertRefused(file, "layer 'dense' (Dense, the 1st layer in model.summary())", "(4, 3)", "(4, 5)");
    }

    @Test
    void weightsThatDoNotFitThePreviousLayer() {
        assertThatThrownBy(() -> KerasFiles.write(dir.resolve("bad.keras"), tinyModel(NdArray.zeros(Shape.of(5, 3)))))
                .isInstanceOf(KerasFileException.class)
                .hasMessageContaining("layer 'dense' (Dense, the 1st layer in model.summary())")
                .hasMessageContaining("has shape (5, 3) where its config and input imply (4, 3)");
        assertThat(dir.resolve("bad.keras")).doesNotExist();
    }

    @Test
    void aBranchedFunctionalGraph() throws IOException {
        String tensor = "{\"class_name\": \"__keras_tensor__\", \"config\": {\"keras_history\": [\"%s\", 0, 0]}}";
        String config = """
                {"module": "keras", "class_name": "Functional", "config": {"name": "branched", "layers": [
                  {"class_name": "InputLayer", "name": "input_layer", "inbound_nodes": [],
                   "config": {"batch_shape": [null, 4], "dtype": "float32", "name": "input_layer"}},
                  {"class_name": "Dense", "name": "dense", "config": {"name": "dense", "units": 3},
                   "inbound_nodes": [{"args": [%s], "kwargs": {}}]},
                  {"class_name": "Concatenate", "name": "concatenate", "config": {"name": "concatenate"},
                   "inbound_nodes": [{"args": [[%s, %s]], "kwargs": {}}]}],
                  "input_layers": [["input_layer", 0, 0]], "output_layers": [["concatenate", 0, 0]]}}
                """.formatted(tensor.formatted("input_layer"), tensor.formatted("input_layer"),
                tensor.formatted("dense"));
        assertRefused(withConfig(config), "not a single chain",
                "layer 'concatenate' (Concatenate, the 3rd layer in model.summary())",
                "[input_layer[0][0], dense[0][0]]", "seqconv reads Sequential models");
    }

    @Test
    void aNestedModel() throws IOException {
        assertRefused(withConfig("""
                {"class_name": "Sequential", "config": {"name": "outer", "layers": [
                  {"class_name": "InputLayer", "config": {"batch_shape": [null, 4], "name": "in"}},
                  {"class_name": "Sequential", "config": {"name": "inner", "layers": []}}]}}
                """), "layer 'inner' (Sequential, the 1st layer in model.summary()) is a nested model");
    }

    @Test
    void aSubclassedModel() throws IOException {
        assertRefused(withConfig("{\"class_name\": \"MyModel\", \"config\": {}}"), "'MyModel'", "subclassed");
    }

    @Test
    void weightsFromAnotherModel() throws IOException {
        KerasModelsFolder.assumePresent();
        Path models = KerasModelsFolder.directory();
        Path weights = models.resolve("k3w_dellade_conv1d_lstm.weights.h5");
        Path json = dir.resolve("other.json");
        Files.writeString(json, new String(entries(models.resolve("k3_komei_lstm_stack.keras")).get("config.json"),
                StandardCharsets.UTF_8));
        assertThatThrownBy(() -> KerasFiles.read(weights, json)).isInstanceOf(KerasFileException.class)
                .hasMessageStartingWith(weights.toString()).hasMessageContaining("saved from another model");
    }

    @Test
    void aWeightsOnlyLegacyFileWithoutModelConfig() {
        Path file = dir.resolve("weights_only.h5");
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            h5.putAttribute("keras_version", "2.2.4");
            h5.putGroup("dense_1").putDataset("kernel", new float[]{1, 2});
        }
        assertRefused(file, "no 'model_config' attribute", "model.save_weights");
    }

    @Test
    void anUnknownExtension() throws IOException {
        Path file = Files.writeString(dir.resolve("model.pt"), "torch");
        assertRefused(file, "no extension of a Keras model file", ".keras", ".weights.h5");
    }

    @Test
    void anArchiveNamedLikeAnHdf5File() throws IOException {
        Path file = Files.copy(tinyArchive(), dir.resolve("model.h5"));
        assertRefused(file, "its name says a legacy .h5 file", "a zip archive");
    }

    @Test
    void aWeightsFileWithoutItsConfiguration() throws IOException {
        Path file = Files.writeString(dir.resolve("model.weights.h5"), "");
        assertRefused(file, "holds weights only", "KerasFiles.read(weights, json)");
    }

    @Test
    void anEmptyFileAndAMissingOne() throws IOException {
        assertRefused(Files.writeString(dir.resolve("empty.keras"), ""), "but it is empty");
        assertRefused(dir.resolve("missing.keras"), "no such file");
    }

    @Test
    void aConfigThatIsNotJson() throws IOException {
        assertRefused(withConfig("{\"class_name\": \"Sequential\", \"config\": {\"layers\": ["),
                "not a JSON object", "truncated or corrupt");
    }

    @Test
    void aSequentialWithAnInputLayerInTheMiddle() throws IOException {
        assertRefused(withConfig("""
                {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "Dense", "config": {"name": "dense", "units": 3, "batch_input_shape": [null, 4]}},
                  {"class_name": "InputLayer", "config": {"batch_shape": [null, 3], "name": "late"}}]}}
                """), "layer 'late' (InputLayer, which a Sequential model's summary() does not list) is an "
                + "InputLayer after the first layer");
    }

    @Test
    void theWriterRefusesNonFiniteWeightsAndOtherNames() {
        float[] values = new float[12];
        values[5] = Float.NaN;
        assertThatThrownBy(() -> KerasFiles.write(dir.resolve("nan.keras"),
                tinyModel(NdArray.wrapFloats(Shape.of(4, 3), values))))
                .isInstanceOf(KerasFileException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> KerasFiles.write(dir.resolve("model.h5"), tinyModel(NdArray.zeros(Shape.of(4, 3)))))
                .isInstanceOf(KerasFileException.class).hasMessageContaining(".keras archives only");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aConfigValueOfAnotherTypeIsAnError() {
        KerasConfig config = KerasConfig.parse("{\"units\": \"many\", \"rate\": 0.5, \"shape\": [null, 3]}");
        assertThat(config.decimal("rate")).contains(0.5);
        assertThat(config.intList("shape").orElseThrow()).containsExactly(null, 3);
        assertThat(config.integer("missing")).isEmpty();
        assertThat(config.has("missing")).isFalse();
        assertThatThrownBy(() -> config.integer("units")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("config key 'units' is \"many\", not an integer");
        assertThatThrownBy(() -> config.integer("rate")).hasMessageContaining("not an integer");
    }

    @Test
    void theWriterLeavesNoTemporaryFile() {
        tinyArchive();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("tiny.keras");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
