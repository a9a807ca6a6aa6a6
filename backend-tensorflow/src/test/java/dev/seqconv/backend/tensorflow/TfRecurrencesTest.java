package dev.seqconv.backend.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.api.layers.GRU;
import dev.seqconv.api.layers.LSTM;
import dev.seqconv.api.layers.Layer;
import dev.seqconv.api.layers.RecurrentOptions;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.conformance.Tolerance;
import dev.seqconv.conformance.reference.RefArray;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The GRU's and the LSTM's recurrences in prediction as seqconv's own TensorFlow operations ({@link TfRecurrences}):
 * the composed recurrences' outputs within 1e-5 for every configuration they take, and prediction graphs that
 * neither unroll nor loop.
 */
class TfRecurrencesTest {

    private static final int FEATURES = 3;
    private static final int UNITS = 6;

    @BeforeAll
    static void theOperationsAreBuiltAndLoad() {
        InferenceCheck.assumeOperationsLoad();
    }

    /**
     * GRU with reset after (with and without biases) and before, LSTM with and without biases; the activation pairs
     * the kernels take, forward and backwards, the last state and every state; GRU biases drawn apart (b ≠ b′); inputs
     * both moderate and, where the activation is bounded, saturating (±30: with an unbounded one the states grow
     * instead, and the two sums' orders differ by more than 1e-5 of what remains); batches of 1 and 32.
     */
    @Test
    void eachConfigurationGivesTheComposedStates() {
        SeededRandom random = new SeededRandom(5);
        Activation[][] pairs = {{Activation.TANH, Activation.SIGMOID}, {Activation.RELU, Activation.HARD_SIGMOID_KERAS2},
                {Activation.LINEAR, Activation.HARD_SIGMOID}, {Activation.SIGMOID, Activation.TANH}};
        for (Activation[] pair : pairs) {
            for (boolean returnSequences : new boolean[] {false, true}) {
                for (boolean useBias : new boolean[] {false, true}) {
                    RecurrentOptions options = RecurrentOptions.builder(UNITS).activation(pair[0])
                            .recurrentActivation(pair[1]).useBias(useBias).returnSequences(returnSequences)
                            .goBackwards(returnSequences).build();
                    List<Layer> layers = new ArrayList<>(List.of(GRU.of(options), LSTM.of(options)));
                    if (useBias) {
                        layers.add(GRU.of(options).withResetAfter(false));
                    }
                    boolean bounded = pair[0] == Activation.TANH || pair[0] == Activation.SIGMOID;
                    for (Layer layer : layers) {
                        for (double inputScale : bounded ? new double[] {1, 30} : new double[] {1}) {
                            for (int batch : new int[] {1, 32}) {
                                List<NdArray> outputs = InferenceCheck.recordedAndInference(layer,
                                        InferenceCheck.arguments(layer, batch, 9, FEATURES, inputScale, random), true);
                                Tolerance.assertClose(layer + " inputs ±" + inputScale + " batch " + batch,
                                        outputs.get(1), RefArray.of(outputs.get(0)));
                            }
                        }
                    }
                }
            }
        }
    }

    /** 10 steps would unroll, 1,000 loop, without the operations: with them both graphs are the same few nodes. */
    @Test
    void thePredictionGraphDoesNotGrowWithTheSteps() {
        RecurrentOptions sequences = RecurrentOptions.builder(4).returnSequences(true).build();
        List<Layer> layers = List.of(GRU.of(sequences), LSTM.of(sequences), GRU.of(4));
        long ten = InferenceCheck.predictionGraphSize(layers, 10, true);
        assertThat(InferenceCheck.predictionGraphSize(layers, 1000, true)).isEqualTo(ten);
        assertThat(InferenceCheck.predictionGraphSize(layers, 10, false)).isGreaterThan(ten);
    }
}
