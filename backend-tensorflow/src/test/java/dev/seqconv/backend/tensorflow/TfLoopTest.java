package dev.seqconv.backend.tensorflow;

import dev.seqconv.api.layers.GRU;
import dev.seqconv.api.layers.LSTM;
import dev.seqconv.api.layers.Layer;
import dev.seqconv.api.layers.RecurrentLayer;
import dev.seqconv.api.layers.RecurrentOptions;
import dev.seqconv.api.layers.SimpleRNN;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.conformance.Tolerance;
import dev.seqconv.conformance.reference.RefArray;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recurrent layers in functions that compute no gradients run as TensorFlow's while loop: the same outputs as
 * the unrolled recurrence (which functions that record gradients run), and a prediction graph whose size does not
 * depend on the number of steps. On an executor without its fused kernels, so that the GRU loops too (with them it
 * is one operation, {@link TfRecurrencesTest}).
 */
class TfLoopTest {

    private static final int STEPS = TfLoop.SHORTEST_LOOP;
    private static final int FEATURES = 3;
    private static final int UNITS = 5;

    @Test
    void eachRecurrentLayerGivesTheUnrolledOutputsInALoop() {
        SeededRandom random = new SeededRandom(21);
        for (RecurrentLayer layer : layers()) {
            for (boolean returnSequences : new boolean[] {false, true}) {
                for (boolean goBackwards : new boolean[] {false, true}) {
                    RecurrentOptions options = RecurrentOptions.builder(UNITS).returnSequences(returnSequences)
                            .build().withGoBackwards(goBackwards);
                    Layer configured = layer.withOptions(options);
                    for (int batch : new int[] {1, 32}) {
                        List<NdArray> outputs = InferenceCheck.recordedAndInference(configured,
                                InferenceCheck.arguments(configured, batch, STEPS, FEATURES, 0.6, random), false);
                        Tolerance.assertClose(configured.typeName() + " " + options + " batch " + batch,
                                outputs.get(1), RefArray.of(outputs.get(0)));
                    }
                }
            }
        }
    }

    @Test
    void thePredictionGraphHasTheSameNodesForAHundredAndAThousandSteps() {
        assertThat(predictionGraphSize(10 * TfLoop.SHORTEST_LOOP)).isEqualTo(predictionGraphSize(TfLoop.SHORTEST_LOOP));
    }

    @Test
    void aLoopShorterThanTheShortestStaysUnrolled() {
        assertThat(predictionGraphSize(TfLoop.SHORTEST_LOOP - 1))
                .isGreaterThan(predictionGraphSize(TfLoop.SHORTEST_LOOP));
    }

    /** GRU with reset after and before, LSTM, SimpleRNN: each with biases (Keras's defaults). */
    private static List<RecurrentLayer> layers() {
        return List.of(GRU.of(UNITS), GRU.of(UNITS).withResetAfter(false), LSTM.of(UNITS), SimpleRNN.of(UNITS));
    }

    private static long predictionGraphSize(int steps) {
        RecurrentOptions sequences = RecurrentOptions.builder(4).returnSequences(true).build();
        return InferenceCheck.predictionGraphSize(List.of(SimpleRNN.of(sequences),
                GRU.of(sequences.withGoBackwards(true)), GRU.of(sequences).withResetAfter(false), LSTM.of(4)),
                steps, false);
    }
}
