package dev.seqconv.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.keras.KerasModelsFolder;
import dev.seqconv.api.layers.Embedding;
import dev.seqconv.api.losses.MeanSquaredError;
import dev.seqconv.api.model.KerasModels;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.optimizers.SGD;
import dev.seqconv.models.ChapterModel;
import dev.seqconv.models.ChapterModels;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** seqconv models saved as Keras 3 .keras archives: read back identically, and laid out as Keras 3 lays them out. */
class KerasExportTest {

    /** The config keys seqconv reads, compared between a Keras 3 file and seqconv's save of it. */
    private static final Set<String> READ_KEYS = Set.of("units", "activation", "recurrent_activation", "use_bias",
            "filters", "kernel_size", "strides", "padding", "dilation_rate", "input_dim", "output_dim", "rate",
            "pool_size", "return_sequences", "reset_after", "dropout", "recurrent_dropout", "mask_zero", "stateful",
            "return_state", "go_backwards", "data_format", "groups", "keepdims", "unit_forget_bias");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"nd4j", "tensorflow"})
    void theChaptersNetworksSavedAndLoadedBackPredictIdentically(String backend) {
        for (ChapterModel chapter : new ChapterModels().all()) {
            Path file = dir.resolve(chapter.id() + ".keras");
            try (Sequential model = chapter.build(3)) {
                model.save(file);
                try (Sequential loaded = KerasModels.load(file)) {
                    assertThat(loaded.summary()).isEqualTo(model.summary().replace("'" + model.name() + "'",
                            "'" + loaded.name() + "'"));
                    NdArray x = input(model);
                    model.compile(Backends.get(backend), new SGD(), new MeanSquaredError());
                    loaded.compile(Backends.get(backend), new SGD(), new MeanSquaredError());
                    assertThat(loaded.predict(x).toFloatArray()).as(chapter.id())
                            .isEqualTo(model.predict(x).toFloatArray());
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"k3_komei_lstm_stack", "k3_umer_url_emb_conv1d", "k3_dellade_conv1d_lstm",
            "k3_bharath_emb_simplernn", "k3w_dellade_conv1d_lstm"})
    void aKeras3FileSavedBySeqconvHasKerassWeightsAndConfig(String slug) throws IOException {
        Path saved = savedAsKeras(slug);
        KerasRealModels.Described described = KerasRealModels.get(slug);
        boolean archive = described.file().toString().endsWith(".keras");
        Path originalWeights = archive ? extract(described.file(), "model.weights.h5") : described.file();
        assertThat(datasets(extract(saved, "model.weights.h5"))).isEqualTo(datasets(originalWeights));
        String originalConfig = archive ? text(described.file(), "config.json")
                : Files.readString(KerasModelsFolder.directory().resolve(described.json().get("config_file").getAsString()));
        JsonArray want = layers(originalConfig);
        JsonArray got = layers(text(saved, "config.json"));
        assertThat(got.size()).isEqualTo(want.size());
        for (int i = 1; i < want.size(); i++) {
            JsonObject w = want.get(i).getAsJsonObject();
            JsonObject g = got.get(i).getAsJsonObject();
            assertThat(g.get("class_name")).isEqualTo(w.get("class_name"));
            for (String key : w.getAsJsonObject("config").keySet()) {
                if (READ_KEYS.contains(key)) {
                    assertThat(g.getAsJsonObject("config").get(key)).as("%s layer %d %s", slug, i, key)
                            .isEqualTo(w.getAsJsonObject("config").get(key));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tfk_bingqi_lstm3", "tfk_sandeepan_conv1d_pool", "k2_lyhue_imdb_emb_flatten",
            "tfk_anirban_gru2_har", "k3h5_chhaya_simplernn"})
    void aLegacyFileConvertedToKerasHasKeras3sLayout(String slug) throws IOException {
        Path saved = savedAsKeras(slug);
        List<String> expected;
        try (Sequential model = KerasRealModels.get(slug).load()) {
            expected = keras3Paths(model);
        }
        assertThat(datasets(extract(saved, "model.weights.h5")).keySet()).containsExactlyElementsOf(expected);
        JsonArray layers = layers(text(saved, "config.json"));
        assertThat(layers.get(0).getAsJsonObject().get("class_name").getAsString()).isEqualTo("InputLayer");
    }

    /** The real Keras file {@code slug} as seqconv loads it, saved as a .keras archive in the test's folder. */
    private Path savedAsKeras(String slug) {
        KerasModelsFolder.assumePresent();
        Path saved = dir.resolve(slug + ".keras");
        try (Sequential model = KerasRealModels.get(slug).load()) {
            model.save(saved);
        }
        return saved;
    }

    /** Keras 3's dataset paths for a model's weights: class-name counters, recurrent weights in cell/vars. */
    private static List<String> keras3Paths(Sequential model) {
        Map<String, Integer> counters = new TreeMap<>();
        List<String> paths = new ArrayList<>();
        for (var node : model.layers()) {
            String base = node.layer().typeName().replaceAll("(.)([A-Z][a-z]+)", "$1_$2")
                    .replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
            int n = counters.merge(base, 1, Integer::sum) - 1;
            String group = "layers/" + (n == 0 ? base : base + "_" + n)
                    + (Set.of("LSTM", "GRU", "SimpleRNN").contains(node.layer().typeName()) ? "/cell/vars/" : "/vars/");
            for (int w = 0; w < node.build().weights().size(); w++) {
                paths.add(group + w);
            }
        }
        return paths.stream().sorted().toList();
    }

    private static NdArray input(Sequential model) {
        Shape shape = model.input().shape().prepend(4);
        int size = Math.toIntExact(shape.size());
        if (model.input().dataType() == DataType.INT32) {
            int vocabulary = ((Embedding) model.layers().get(0).layer()).inputDim();
            int[] ids = new int[size];
            for (int k = 0; k < size; k++) {
                ids[k] = (int) ((k * 7919L + 13) % vocabulary);
            }
            return NdArray.wrapInts(shape, ids);
        }
        float[] values = new float[size];
        for (int k = 0; k < size; k++) {
            values[k] = (float) Math.sin(0.37 * k + 0.1);
        }
        return NdArray.wrapFloats(shape, values);
    }

    private static JsonArray layers(String config) {
        return JsonParser.parseString(config).getAsJsonObject().getAsJsonObject("config").getAsJsonArray("layers");
    }

    private Path extract(Path archive, String entry) throws IOException {
        Path out = Files.createTempFile(dir, "entry", ".h5");
        try (ZipFile zip = new ZipFile(archive.toFile()); InputStream in = zip.getInputStream(zip.getEntry(entry))) {
            Files.write(out, in.readAllBytes());
        }
        return out;
    }

    private static String text(Path archive, String entry) throws IOException {
        try (ZipFile zip = new ZipFile(archive.toFile()); InputStream in = zip.getInputStream(zip.getEntry(entry))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Every dataset under {@code layers/}, by path, as its shape and the bits of its values. */
    private static Map<String, String> datasets(Path h5) {
        Map<String, String> found = new TreeMap<>();
        try (HdfFile file = new HdfFile(h5)) {
            walk(file.getChild("layers"), found);
        }
        return found;
    }

    private static void walk(Node node, Map<String, String> found) {
        if (node instanceof Dataset dataset) {
            float[] values = (float[]) dataset.getDataFlat();
            int[] bits = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                bits[i] = Float.floatToRawIntBits(values[i]);
            }
            found.put(dataset.getPath().substring(1), Arrays.toString(dataset.getDimensions()) + " "
                    + Arrays.toString(bits));
        } else if (node instanceof Group group) {
            group.getChildren().values().forEach(child -> walk(child, found));
        }
    }
}
