package dev.seqconv.api.keras;

import static org.assertj.core.api.Assertions.assertThat;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** Comparisons of weights, bit for bit, and of HDF5 weight layouts. */
final class KerasWeightsAssert {

    private KerasWeightsAssert() {
    }

    static void assertSameWeights(KerasLayer actual, KerasLayer expected) {
        assertThat(actual.weights()).extracting(KerasWeight::name)
                .containsExactlyElementsOf(expected.weights().stream().map(KerasWeight::name).toList());
        for (int i = 0; i < expected.weights().size(); i++) {
            assertThat(actual.weights().get(i).value().shape()).isEqualTo(expected.weights().get(i).value().shape());
            assertThat(bits(actual.weights().get(i).value().toFloatArray()))
                    .isEqualTo(bits(expected.weights().get(i).value().toFloatArray()));
        }
    }

    /** Every dataset under {@code layers/}, by path, as its shape and raw bits. */
    static Map<String, String> layerDatasets(Path h5File) {
        try (HdfFile h5 = new HdfFile(h5File)) {
            Map<String, String> datasets = new TreeMap<>();
            collect(h5.getChild("layers"), datasets);
            return datasets;
        }
    }

    /** Every group under {@code layers/} with its {@code name} attribute, if any. */
    static Map<String, String> layerGroups(Path h5File) {
        try (HdfFile h5 = new HdfFile(h5File)) {
            Map<String, String> groups = new TreeMap<>();
            groups(h5.getChild("layers"), groups);
            return groups;
        }
    }

    /**
     * {@link #layerGroups} of the layers with weights only: what seqconv writes, which leaves out the empty
     * groups Keras writes for layers without weights.
     */
    static Map<String, String> layerGroupsOfLayersWithWeights(Path h5File) {
        try (HdfFile h5 = new HdfFile(h5File)) {
            Group layers = (Group) h5.getChild("layers");
            Map<String, String> groups = new TreeMap<>(Map.of(layers.getPath(), ""));
            for (Node layer : layers.getChildren().values()) {
                Map<String, String> datasets = new TreeMap<>();
                collect(layer, datasets);
                if (!datasets.isEmpty()) {
                    groups(layer, groups);
                }
            }
            return groups;
        }
    }

    private static void collect(Node node, Map<String, String> into) {
        if (node instanceof Dataset dataset) {
            into.put(dataset.getPath(), Arrays.toString(dataset.getDimensions()) + " "
                    + Arrays.hashCode(bits((float[]) dataset.getDataFlat())));
        } else if (node instanceof Group group) {
            group.getChildren().values().forEach(child -> collect(child, into));
        }
    }

    private static void groups(Node node, Map<String, String> into) {
        if (node instanceof Group group) {
            var name = group.getAttribute("name");
            into.put(group.getPath(), name == null ? "" : String.valueOf(name.getData()));
            group.getChildren().values().forEach(child -> groups(child, into));
        }
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
