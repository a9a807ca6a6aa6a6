package dev.seqconv.backend.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.api.layers.GRU;
import dev.seqconv.api.layers.Layer;
import dev.seqconv.api.layers.RecurrentOptions;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.random.SeededRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The GRU's recurrence in prediction as seqconv's one TensorFlow operation ({@link TfGruStates}): the composed
 * recurrence's outputs within 1e-5 for every configuration it takes, and a prediction graph that neither unrolls
 * nor loops.
 */
class TfGruStatesTest {

    private static final int FEATURES = 3;
    private static final int UNITS = 6;

    @Test
    void theOperationIsBuiltForThisPlatform() {
        assertThat(TfNativeOps.available())
                .as("libseqconv_gru.so in the jar (the native-ops profile builds it on Linux x86-64) and loaded")
                .isTrue();
    }

    /**
     * Reset after (with and without biases) and before, the activation pairs the kernel takes, forward and
     * backwards, the last state and every state; biases drawn apart (b ≠ b′), inputs both moderate and, where the
     * activation is bounded, saturating (±30: with an unbounded one the states grow instead, and the two sums' orders
     * differ by more than 1e-5 of what remains); batches of 1 and 32.
     */
    @Test
    void eachConfigurationGivesTheComposedStates() {
        SeededRandom random = new SeededRandom(5);
        Activation[][] pairs = {{Activation.TANH, Activation.SIGMOID}, {Activation.RELU, Activation.HARD_SIGMOID_KERAS2},
                {Activation.LINEAR, Activation.HARD_SIGMOID}, {Activation.SIGMOID, Activation.TANH}};
        for (Activation[] pair : pairs) {
            for (int variant = 0; variant < 3; variant++) {
                for (boolean returnSequences : new boolean[] {false, true}) {
                    RecurrentOptions options = RecurrentOptions.builder(UNITS).activation(pair[0])
                            .recurrentActivation(pair[1]).useBias(variant != 1).returnSequences(returnSequences)
                            .goBackwards(returnSequences).build();
                    Layer gru = GRU.of(options).withResetAfter(variant != 2);
                    boolean bounded = pair[0] == Activation.TANH || pair[0] == Activation.SIGMOID;
                    for (double inputScale : bounded ? new double[] {1, 30} : new double[] {1}) {
                        for (int batch : new int[] {1, 32}) {
                            List<NdArray> outputs = InferenceCheck.recordedAndInference(gru,
                                    InferenceCheck.arguments(gru, batch, 9, FEATURES, inputScale, random), true);
                            InferenceCheck.assertClose(gru + " inputs ±" + inputScale + " batch " + batch,
                                    outputs.get(0), outputs.get(1));
                        }
                    }
                }
            }
        }
    }

    /** 10 steps would unroll, 1,000 loop, without the operation: with it both graphs are the same few nodes. */
    @Test
    void thePredictionGraphDoesNotGrowWithTheSteps() {
        List<Layer> layers = List.of(GRU.of(RecurrentOptions.builder(4).returnSequences(true).build()), GRU.of(4));
        long ten = InferenceCheck.predictionGraphSize(layers, 10, true);
        assertThat(InferenceCheck.predictionGraphSize(layers, 1000, true)).isEqualTo(ten);
        assertThat(InferenceCheck.predictionGraphSize(layers, 10, false)).isGreaterThan(ten);
    }
}
