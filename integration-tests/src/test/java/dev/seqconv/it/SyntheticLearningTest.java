package dev.seqconv.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.callbacks.History;
import dev.seqconv.api.data.Batch;
import dev.seqconv.api.losses.BinaryCrossentropy;
import dev.seqconv.api.metrics.BinaryAccuracy;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.api.training.FitConfig;
import dev.seqconv.models.ImdbNetworks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chapter's IMDB network, defined with the api only, learns on each backend to tell whether a marker word
 * occurs in a sequence, and generalizes to unseen sequences.
 */
class SyntheticLearningTest {

    private static final int VOCABULARY = 2_000;
    private static final int LENGTH = 100;
    private static final int MARKER = 7;

    @ParameterizedTest
    @ValueSource(strings = {"nd4j", "tensorflow"})
    void imdbNetworkLearnsWhetherAMarkerWordOccurs(String backend) {
        Batch train = SyntheticTokens.markerTask(2_000, LENGTH, VOCABULARY, MARKER, 1);
        Batch test = SyntheticTokens.markerTask(500, LENGTH, VOCABULARY, MARKER, 2);
        try (Sequential model = ImdbNetworks.conv1dSigmoid(VOCABULARY, LENGTH, 5)) {
            model.compile(Backends.get(backend), new RMSprop(1e-3f), new BinaryCrossentropy(), new BinaryAccuracy());
            History history = model.fit(train.x(), train.y(),
                    FitConfig.builder().epochs(4).batchSize(64).validationSplit(0.2).build());

            double accuracy = model.evaluate(test.x(), test.y()).get("acc");
            System.out.printf("%s: marker task, history %s, test accuracy %.4f%n", backend, history, accuracy);
            assertThat(history.get("loss").get(3)).isLessThan(history.get("loss").get(0));
            assertThat(accuracy).isGreaterThanOrEqualTo(0.95);
        }
    }
}
