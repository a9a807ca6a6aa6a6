package dev.seqconv.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.callbacks.History;
import dev.seqconv.api.data.Batch;
import dev.seqconv.api.losses.BinaryCrossentropy;
import dev.seqconv.api.losses.MeanAbsoluteError;
import dev.seqconv.api.metrics.BinaryAccuracy;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.api.training.FitConfig;
import dev.seqconv.models.ImdbNetworks;
import dev.seqconv.models.JenaNetworks;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The chapter's networks, trained twice from one seed on one backend, give bit-identical histories and weights. */
class DeterminismTest {

    @ParameterizedTest
    @ValueSource(strings = {"nd4j", "tensorflow"})
    void theImdbNetworkTrainsIdenticallyTwice(String backend) {
        Batch data = SyntheticTokens.random(256, ImdbNetworks.MAX_LEN, ImdbNetworks.MAX_FEATURES, 9);
        Result first = imdb(backend, data);
        Result second = imdb(backend, data);
        assertThat(second.history()).isEqualTo(first.history());
        assertIdentical(first.weights(), second.weights());
    }

    @ParameterizedTest
    @ValueSource(strings = {"nd4j", "tensorflow"})
    void theJenaConvGruNetworkWithDropoutTrainsIdenticallyTwice(String backend) {
        Batch data = SyntheticSeries.waves(256, 240, 9);
        Result first = jena(backend, data);
        Result second = jena(backend, data);
        assertThat(second.history()).isEqualTo(first.history());
        assertIdentical(first.weights(), second.weights());
    }

    private record Result(Object history, List<NdArray> weights) {
    }

    private static Result imdb(String backend, Batch data) {
        try (Sequential model = ImdbNetworks.conv1d(ImdbNetworks.MAX_FEATURES, ImdbNetworks.MAX_LEN, 2)) {
            model.compile(Backends.get(backend), new RMSprop(1e-4f), new BinaryCrossentropy(), new BinaryAccuracy());
            History h = model.fit(data.x(), data.y(), FitConfig.builder().epochs(2).batchSize(64).build());
            return new Result(h.asMap(), model.getWeights());
        }
    }

    private static Result jena(String backend, Batch data) {
        try (Sequential model = JenaNetworks.conv1dGru(240, true, 2)) {
            model.compile(Backends.get(backend), new RMSprop(), new MeanAbsoluteError());
            History h = model.fit(data.x(), data.y(), FitConfig.builder().epochs(2).batchSize(64).build());
            return new Result(h.asMap(), model.getWeights());
        }
    }

    private static void assertIdentical(List<NdArray> a, List<NdArray> b) {
        for (int i = 0; i < a.size(); i++) {
            float[] x = a.get(i).toFloatArray();
            float[] y = b.get(i).toFloatArray();
            int differing = 0;
            double largest = 0;
            for (int j = 0; j < x.length; j++) {
                if (Float.floatToIntBits(x[j]) != Float.floatToIntBits(y[j])) {
                    differing++;
                    largest = Math.max(largest, Math.abs(x[j] - y[j]));
                }
            }
            assertThat(differing).as("entries of weight %d that differ between runs (largest difference %s)", i,
                    largest).isZero();
        }
    }
}
