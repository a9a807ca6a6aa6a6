package dev.seqconv.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.api.losses.BinaryCrossentropy;
import dev.seqconv.models.ImdbNetworks;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The README's serving example: concurrent answers equal the model's own single-threaded predictions. */
class ServePredictionsTest {

    @Test
    void aPredictorOnAThreadPoolGivesTheModelsPredictions() throws Exception {
        Random random = new Random(5);
        int[][] reviews = new int[40][ImdbNetworks.MAX_LEN];
        for (int[] review : reviews) {
            for (int i = 0; i < review.length; i++) {
                review[i] = random.nextInt(ImdbNetworks.MAX_FEATURES);
            }
        }
        try (Sequential model = ImdbNetworks.conv1dSigmoid(ImdbNetworks.MAX_FEATURES, ImdbNetworks.MAX_LEN, 42)) {
            model.compile(new RMSprop(1e-4f), new BinaryCrossentropy());
            float[] expected = model.predict(NdArray.ofInts(reviews), 1).toFloatArray();
            float[] served = ServePredictions.scoreConcurrently(model, reviews);
            for (int i = 0; i < expected.length; i++) {
                assertThat(served[i]).as("review %d", i).isCloseTo(expected[i], within(1e-6f));
            }
        }
    }
}
