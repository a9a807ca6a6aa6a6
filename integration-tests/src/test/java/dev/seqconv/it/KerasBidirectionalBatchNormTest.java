package dev.seqconv.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.keras.KerasFiles;
import dev.seqconv.api.keras.KerasLayer;
import dev.seqconv.api.keras.KerasModel;
import dev.seqconv.api.keras.KerasModelsFolder;
import dev.seqconv.api.keras.KerasWeight;
import dev.seqconv.api.keras.ZipEntries;
import dev.seqconv.api.losses.MeanSquaredError;
import dev.seqconv.api.model.KerasModels;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.optimizers.SGD;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seven real Keras files with Bidirectional, BatchNormalization and Activation layers, in the folder the
 * system property {@code seqconv.keras.models3.dir} names (by default {@code keras-models-3} beside the folder of
 * the older files, {@code ../shared/keras-models-3}): each predicts its expected output on both backends within
 * 1e-5 (absolute up to 1, relative above), and saved again as {@code .keras} keeps Keras 3's weight paths
 * ({@code forward_layer/cell/vars}, {@code backward_layer/cell/vars}, BatchNormalization's four {@code vars}) and
 * every weight's bits.
 */
class KerasBidirectionalBatchNormTest {

    private static final List<String> BACKENDS = List.of("nd4j", "tensorflow");
    private static final String KERAS2_HARD_SIGMOID = "k2_msxf_bilstm_seq_flatten_act";

    @TempDir
    Path dir;

    private static final KerasModelsFolder.Folder FOLDER = KerasModelsFolder.WITH_NEW_LAYERS;

    static List<String> slugs() {
        return FOLDER.slugs();
    }

    static Stream<Arguments> slugsAndBackends() {
        return FOLDER.slugs().stream().flatMap(s -> BACKENDS.stream().map(b -> Arguments.of(s, b)));
    }

    private static Path file(JsonObject description) {
        return FOLDER.directory().resolve(description.get("file").getAsString());
    }

    @Test
    void allSevenFilesAreThere() {
        FOLDER.assumePresent();
        assertThat(FOLDER.slugs()).hasSize(7);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("slugsAndBackends")
    void predictsTheExpectedOutput(String slug, String backend) {
        FOLDER.assumePresent();
        JsonObject description = FOLDER.description(slug);
        NdArray expected = array(description.get("expected_output"));
        try (Sequential model = KerasModels.load(file(description))) {
            model.compile(Backends.get(backend), new SGD(), new MeanSquaredError());
            float[] actual = model.predict(array(description.get("input"))).toFloatArray();
            assertThat(model.outputShape().withDim(0, expected.shape().dim(0))).isEqualTo(expected.shape());
            float[] want = expected.toFloatArray();
            double worst = 0;
            for (int i = 0; i < want.length; i++) {
                worst = Math.max(worst, Math.abs(actual[i] - want[i]) / Math.max(1, Math.abs(want[i])));
            }
            System.out.printf("keras-models-3: %s on %s: max error %.3g%n", slug, backend, worst);
            assertThat(worst).as("largest error against the expected output (absolute, relative above 1)")
                    .isLessThanOrEqualTo(1e-5);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("slugs")
    void savedAsKerasKeepsKeras3sWeightPathsAndBits(String slug) throws IOException {
        FOLDER.assumePresent();
        Path original = file(FOLDER.description(slug));
        Path saved = dir.resolve(slug + ".keras");
        try (Sequential model = KerasModels.load(original)) {
            // Keras 2's hard_sigmoid, which Keras 3 defines otherwise, is the one setting Keras 3 cannot express
            assertThat(KerasModels.inexactSettings(model).isEmpty()).isEqualTo(!slug.equals(KERAS2_HARD_SIGMOID));
            KerasModels.save(model, saved, KerasModels.SaveOption.WRITE_INEXACT);
        }
        KerasModel before = KerasFiles.read(original);
        KerasModel after = KerasFiles.read(saved);
        List<KerasLayer> layers = before.layers().stream().filter(l -> !l.isInputLayer()).toList();
        assertThat(after.layers().stream().filter(l -> !l.isInputLayer()).map(KerasLayer::className))
                .containsExactlyElementsOf(layers.stream().map(KerasLayer::className).toList());
        List<KerasLayer> savedLayers = after.layers().stream().filter(l -> !l.isInputLayer()).toList();
        for (int i = 0; i < layers.size(); i++) {
            List<KerasWeight> want = layers.get(i).weights();
            List<KerasWeight> got = savedLayers.get(i).weights();
            assertThat(got).extracting(KerasWeight::name).containsExactlyElementsOf(
                    want.stream().map(KerasWeight::name).toList());
            for (int w = 0; w < want.size(); w++) {
                assertThat(got.get(w).value().shape()).isEqualTo(want.get(w).value().shape());
                assertThat(bits(got.get(w).value())).as(slug + " " + layers.get(i).name() + " " + want.get(w).name())
                        .containsExactly(bits(want.get(w).value()));
            }
        }

        Path h5 = Files.write(dir.resolve(slug + ".weights.h5"), ZipEntries.read(saved).get("model.weights.h5"));
        List<String> datasets = new ArrayList<>();
        try (HdfFile file = new HdfFile(h5)) {
            collect(file, datasets);
        }
        if (original.toString().endsWith(".keras")) {
            assertThat(datasets).as("the datasets of Keras 3's own archive").containsExactlyElementsOf(
                    layerDatasets(original));
        }
        for (String name : groupNames(layers)) {
            String className = name.startsWith("bidirectional") ? "Bidirectional"
                    : name.startsWith("batch_normalization") ? "BatchNormalization" : null;
            if ("Bidirectional".equals(className)) {
                assertThat(datasets.stream().filter(d -> d.startsWith("/layers/" + name + "/"))).as(name)
                        .containsExactlyInAnyOrder("/layers/" + name + "/forward_layer/cell/vars/0",
                                "/layers/" + name + "/forward_layer/cell/vars/1",
                                "/layers/" + name + "/forward_layer/cell/vars/2",
                                "/layers/" + name + "/backward_layer/cell/vars/0",
                                "/layers/" + name + "/backward_layer/cell/vars/1",
                                "/layers/" + name + "/backward_layer/cell/vars/2");
            } else if ("BatchNormalization".equals(className)) {
                assertThat(datasets.stream().filter(d -> d.startsWith("/layers/" + name + "/")))
                        .containsExactly("/layers/" + name + "/vars/0", "/layers/" + name + "/vars/1",
                                "/layers/" + name + "/vars/2", "/layers/" + name + "/vars/3");
            }
        }
    }

    /** The datasets under {@code layers/} of a {@code .keras} archive's weights, sorted. */
    private List<String> layerDatasets(Path archive) throws IOException {
        Path h5 = Files.write(dir.resolve("original.weights.h5"), ZipEntries.read(archive).get("model.weights.h5"));
        List<String> datasets = new ArrayList<>();
        try (HdfFile file = new HdfFile(h5)) {
            collect(file.getChild("layers"), datasets);
        }
        return datasets;
    }

    /** Keras 3's group names of the layers with the classes this test checks, counted per class. */
    private static List<String> groupNames(List<KerasLayer> layers) {
        List<String> names = new ArrayList<>();
        int bidirectional = 0;
        int batchNormalization = 0;
        for (KerasLayer layer : layers) {
            if (layer.className().equals("Bidirectional")) {
                names.add(bidirectional == 0 ? "bidirectional" : "bidirectional_" + bidirectional);
                bidirectional++;
            } else if (layer.className().equals("BatchNormalization")) {
                names.add(batchNormalization == 0 ? "batch_normalization" : "batch_normalization_" + batchNormalization);
                batchNormalization++;
            }
        }
        return names;
    }

    private static void collect(Node node, List<String> datasets) {
        if (node instanceof Dataset) {
            datasets.add(node.getPath());
        } else if (node instanceof Group group) {
            new TreeSet<>(group.getChildren().keySet()).forEach(name -> collect(group.getChild(name), datasets));
        }
    }

    private static int[] bits(NdArray array) {
        float[] values = array.toFloatArray();
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    /** A nested JSON array of numbers as a float32 array. */
    private static NdArray array(JsonElement json) {
        List<Integer> dims = new ArrayList<>();
        for (JsonElement e = json; e.isJsonArray(); e = e.getAsJsonArray().get(0)) {
            dims.add(e.getAsJsonArray().size());
        }
        List<Float> values = new ArrayList<>();
        flatten(json, values);
        float[] floats = new float[values.size()];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = values.get(i);
        }
        return NdArray.wrapFloats(Shape.of(dims.stream().mapToInt(Integer::intValue).toArray()), floats);
    }

    private static void flatten(JsonElement json, List<Float> out) {
        if (json instanceof JsonArray array) {
            array.forEach(e -> flatten(e, out));
        } else {
            out.add((float) json.getAsDouble());
        }
    }
}
