package dev.seqconv.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.keras.KerasModelsFolder;
import dev.seqconv.api.losses.MeanSquaredError;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.optimizers.SGD;
import dev.seqconv.api.training.FitConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every real Keras file loads into seqconv and predicts Keras's outputs on both backends; imported models
 * fine-tune identically on both. (The three Keras 2.x GRU files with {@code hard_sigmoid} gates need seqconv's
 * Keras 2 hard_sigmoid, which {@code Activation.fromKeras} brings.)
 */
class KerasImportTest {

    private static final List<String> BACKENDS = List.of("nd4j", "tensorflow");

    static Stream<Arguments> filesAndBackends() {
        List<KerasRealModels.Described> files = KerasRealModels.all();
        if (files.isEmpty()) {
            return Stream.of(Arguments.of(null, "nd4j"));
        }
        return files.stream().flatMap(f -> BACKENDS.stream().map(b -> Arguments.of(f, b)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("filesAndBackends")
    void predictsWhatKerasPredicts(KerasRealModels.Described file, String backend) {
        KerasModelsFolder.assumePresent();
        try (Sequential model = file.load()) {
            model.compile(Backends.get(backend), new SGD(), new MeanSquaredError());
            float[] actual = model.predict(file.input()).toFloatArray();
            NdArray expected = file.expectedOutput();
            assertThat(model.outputShape().withDim(0, expected.shape().dim(0))).isEqualTo(expected.shape());
            float[] want = expected.toFloatArray();
            double worst = 0;
            for (int i = 0; i < want.length; i++) {
                double error = Math.abs(actual[i] - want[i]) / Math.max(1, Math.abs(want[i]));
                worst = Math.max(worst, error);
            }
            System.out.printf("keras import: %s on %s: max error %.3g%n", file, backend, worst);
            assertThat(worst).as("largest error against Keras (absolute, relative above 1)").isLessThanOrEqualTo(1e-5);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"k3_dellade_conv1d_lstm", "tfk_anirban_gru2_har", "k3_umer_url_emb_conv1d",
            "k3_bharath_emb_simplernn"})
    void anImportedModelFineTunesIdenticallyOnBothBackends(String slug) {
        KerasModelsFolder.assumePresent();
        KerasRealModels.Described file = KerasRealModels.get(slug);
        NdArray x = file.input();
        NdArray y = NdArray.zeros(file.expectedOutput().shape());
        List<List<NdArray>> weights = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        for (String backend : BACKENDS) {
            try (Sequential model = file.load()) {
                model.compile(Backends.get(backend), new SGD(0.1f, 0f, false), new MeanSquaredError());
                losses.add(model.fit(x, y, FitConfig.builder().batchSize(3).shuffle(false).build()).get("loss").get(0));
                weights.add(model.getWeights());
            }
        }
        assertThat(losses.get(1)).isCloseTo(losses.get(0), org.assertj.core.data.Offset.offset(1e-5));
        try (Sequential original = file.load()) {
            assertThat(weights.get(0).get(0).toFloatArray()).isNotEqualTo(original.getWeights().get(0).toFloatArray());
        }
        for (int w = 0; w < weights.get(0).size(); w++) {
            float[] nd4j = weights.get(0).get(w).toFloatArray();
            float[] tf = weights.get(1).get(w).toFloatArray();
            double worst = 0;
            for (int i = 0; i < nd4j.length; i++) {
                worst = Math.max(worst, Math.abs(nd4j[i] - tf[i]));
            }
            assertThat(worst).as("%s: largest difference in weight %d after one step", slug, w)
                    .isLessThanOrEqualTo(1e-5);
        }
    }

    @Test
    void theFolderIsFound() {
        KerasModelsFolder.assumePresent();
        assertThat(KerasRealModels.all()).hasSize(12);
    }
}
