package dev.seqconv.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.api.keras.KerasModelsFolder;
import dev.seqconv.api.layers.Conv1D;
import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.Dropout;
import dev.seqconv.api.layers.LSTM;
import dev.seqconv.api.layers.MaxPooling1D;
import dev.seqconv.api.layers.RecurrentOptions;
import dev.seqconv.api.model.KerasModels;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.ops.Activation;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code saveWeights} writes Keras 3's {@code .weights.h5} layout: the same groups, datasets, shapes and
 * attributes as the {@code .weights.h5} Keras 3.8 wrote for the dellade Conv1D + LSTM network.
 */
class KerasSaveWeightsLayoutTest {

    private static final String SLUG = "k3w_dellade_conv1d_lstm";

    @TempDir
    Path dir;

    private static Path kerasFile() {
        return KerasModelsFolder.directory().resolve(SLUG + ".weights.h5");
    }

    /** The dellade network built in Java, layers named as in Keras's file. */
    private static Sequential dellade(long seed) {
        return Sequential.builder().input(Input.floats(60, 1))
                .add(Conv1D.of(64, 3, Activation.RELU).withName("conv1d_3"))
                .add(MaxPooling1D.of(2).withName("max_pooling1d_3"))
                .add(LSTM.of(RecurrentOptions.builder(50).returnSequences(true).build()).withName("lstm_3"))
                .add(Dropout.of(0.2).withName("dropout_2"))
                .add(LSTM.of(50).withName("lstm_4"))
                .add(Dropout.of(0.2).withName("dropout_3"))
                .add(Dense.of(1).withName("dense_2"))
                .seed(seed).build();
    }

    @Test
    void savedWeightsHaveKerasLayoutForTheSameNetwork() {
        KerasModelsFolder.assumePresent();
        Path saved = dir.resolve("dellade.weights.h5");
        try (Sequential model = KerasModels.load(kerasFile(), KerasModelsFolder.directory().resolve(SLUG + ".model.json"))) {
            model.saveWeights(saved);
        }
        assertThat(structure(saved)).isEqualTo(kerasLayerWeights());
    }

    @Test
    void aJavaBuiltNetworkSavesTheSameStructureAndKerasLoadWeightsReadsIt() {
        KerasModelsFolder.assumePresent();
        Path saved = dir.resolve("java.weights.h5");
        try (Sequential model = dellade(3); Sequential other = dellade(4)) {
            model.saveWeights(saved);
            assertThat(structure(saved)).isEqualTo(kerasLayerWeights());

            KerasModels.loadWeights(other, saved);
            assertSame(other.getWeights(), model.getWeights());
        }
    }

    @Test
    void loadWeightsReadsKerasOwnWeightsFile() {
        KerasModelsFolder.assumePresent();
        try (Sequential expected = KerasModels.load(kerasFile(), KerasModelsFolder.directory().resolve(SLUG + ".model.json"));
             Sequential model = dellade(5)) {
            model.loadWeights(kerasFile());
            assertSame(model.getWeights(), expected.getWeights());
        }
    }

    /**
     * The structure of Keras's own file, less what seqconv does not write: the compiled model's optimizer variables,
     * the model's empty root {@code vars}, and the empty groups of layers without weights (pooling, Dropout: Keras
     * reads a missing group as an empty one, and jhdf cannot read back a file with such groups in every order; see
     * KerasWeightGroups). Every group that holds a weight, and every weight, is as Keras writes it.
     */
    private static Map<String, String> kerasLayerWeights() {
        Map<String, String> keras = structure(kerasFile());
        keras.keySet().removeIf(path -> path.startsWith("/optimizer") || path.equals("/vars/"));
        keras.keySet().removeIf(path -> keras.keySet().stream()
                .noneMatch(weight -> weight.startsWith(layerGroup(path)) && !weight.endsWith("/")));
        return keras;
    }

    /** {@code /layers/lstm/} for every path inside that layer's group; any other path itself. */
    private static String layerGroup(String path) {
        String[] parts = path.split("/");
        return parts.length > 2 && parts[1].equals("layers") ? "/layers/" + parts[2] + "/" : path;
    }

    private static void assertSame(List<NdArray> actual, List<NdArray> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).shape()).isEqualTo(expected.get(i).shape());
            assertThat(actual.get(i).toFloatArray()).containsExactly(expected.get(i).toFloatArray());
        }
    }

    /**
     * Every group and dataset by path: a group's attributes (but jhdf's own {@code _jHDF} stamp on the root), a
     * dataset's shape and Java type.
     */
    private static Map<String, String> structure(Path file) {
        Map<String, String> found = new TreeMap<>();
        try (HdfFile h5 = new HdfFile(file)) {
            walk(h5, found);
        }
        return found;
    }

    private static void walk(Node node, Map<String, String> found) {
        if (node instanceof Dataset dataset) {
            found.put(dataset.getPath(), Arrays.toString(dataset.getDimensions()) + " "
                    + dataset.getJavaType().getSimpleName());
            return;
        }
        Map<String, String> attributes = new TreeMap<>();
        for (Map.Entry<String, Attribute> attribute : node.getAttributes().entrySet()) {
            if (!attribute.getKey().equals("_jHDF")) {
                attributes.put(attribute.getKey(), String.valueOf(attribute.getValue().getData()));
            }
        }
        String path = node.getPath().isEmpty() ? "/" : node.getPath();
        found.put(path, "group " + attributes);
        ((Group) node).getChildren().values().forEach(child -> walk(child, found));
    }
}
