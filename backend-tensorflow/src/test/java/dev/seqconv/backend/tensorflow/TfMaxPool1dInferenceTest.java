package dev.seqconv.backend.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.api.layers.MaxPooling1D;
import dev.seqconv.api.layers.Padding;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.random.SeededRandom;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MaxPooling1D in prediction ({@link TfMaxPool1dInference}): the recorded layer's output, bit for bit. */
class TfMaxPool1dInferenceTest {

    @BeforeAll
    static void theOperationsAreBuiltAndLoad() {
        InferenceCheck.assumeOperationsLoad();
    }

    /**
     * Pools that divide the steps and that leave a remainder, strides below, equal to and above the pool, channels
     * that fill vectors and that do not, batches of 1 and 32; the output's static shape stated. Then {@code SAME}
     * padding, whose padded steps (−∞) never win.
     */
    @Test
    void poolsAsTheRecordedLayer() {
        SeededRandom random = new SeededRandom(13);
        int[][] cases = {{3, 3, 236, 32}, {2, 1, 9, 5}, {5, 5, 494, 32}, {4, 6, 23, 3}, {1, 1, 4, 17}};
        for (int[] c : cases) {
            int pool = c[0], stride = c[1], steps = c[2], channels = c[3];
            MaxPooling1D layer = MaxPooling1D.of(pool).withStrides(stride);
            for (int batch : new int[] {1, 32}) {
                List<NdArray> outputs = InferenceCheck.recordedAndInference(layer,
                        InferenceCheck.arguments(layer, batch, steps, channels, 1, random), true);
                Shape expected = Shape.of(batch, (steps - pool) / stride + 1, channels);
                assertThat(outputs.get(1).shape()).isEqualTo(expected);
                assertThat(outputs.get(1).toFloatArray()).as(layer + " batch " + batch)
                        .containsExactly(outputs.get(0).toFloatArray());
            }
        }
        MaxPooling1D same = MaxPooling1D.of(3).withStrides(2).withPadding(Padding.SAME);
        List<NdArray> outputs = InferenceCheck.recordedAndInference(same,
                InferenceCheck.arguments(same, 4, 10, 6, 1, random), true);
        assertThat(outputs.get(1).shape()).isEqualTo(Shape.of(4, 5, 6));
        assertThat(outputs.get(1).toFloatArray()).as("SAME").containsExactly(outputs.get(0).toFloatArray());
    }
}
