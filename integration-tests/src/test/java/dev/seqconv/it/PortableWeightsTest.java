package dev.seqconv.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.data.Batch;
import dev.seqconv.api.losses.BinaryCrossentropy;
import dev.seqconv.api.losses.MeanAbsoluteError;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.api.training.FitConfig;
import dev.seqconv.models.ImdbNetworks;
import dev.seqconv.models.JenaNetworks;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Weights trained on one backend, saved, and loaded into the other predict the same. */
class PortableWeightsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"nd4j,tensorflow", "tensorflow,nd4j"})
    void imdbWeightsMoveBetweenBackends(String from, String to) {
        Batch data = SyntheticTokens.markerTask(64, 100, 1000, 7, 3);
        check(from, to, () -> ImdbNetworks.conv1dSigmoid(1000, 100, 4), data, true);
    }

    @ParameterizedTest
    @CsvSource({"nd4j,tensorflow", "tensorflow,nd4j"})
    void jenaConvGruWeightsMoveBetweenBackends(String from, String to) {
        check(from, to, () -> JenaNetworks.conv1dGru(240, true, 4), SyntheticSeries.waves(64, 240, 3), false);
    }

    private void check(String from, String to, Supplier<Sequential> network, Batch data, boolean classifier) {
        Path file = dir.resolve(from + ".weights.h5");
        NdArray expected;
        try (Sequential trained = network.get()) {
            compile(trained, from, classifier);
            trained.fit(data.x(), data.y(), FitConfig.builder().epochs(2).batchSize(32).build());
            trained.saveWeights(file);
            expected = trained.predict(data.x());
        }
        try (Sequential loaded = network.get()) {
            compile(loaded, to, classifier);
            loaded.loadWeights(file);
            float[] actual = loaded.predict(data.x()).toFloatArray();
            float[] wanted = expected.toFloatArray();
            double worst = 0;
            for (int i = 0; i < actual.length; i++) {
                worst = Math.max(worst, Math.abs(actual[i] - wanted[i]));
            }
            System.out.printf("weights %s -> %s: predictions differ by at most %.3g%n", from, to, worst);
            assertThat(worst).isLessThanOrEqualTo(1e-6);
        }
    }

    private static void compile(Sequential model, String backend, boolean classifier) {
        if (classifier) {
            model.compile(Backends.get(backend), new RMSprop(1e-3f), new BinaryCrossentropy());
        } else {
            model.compile(Backends.get(backend), new RMSprop(), new MeanAbsoluteError());
        }
    }
}
