package dev.seqconv.backend.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.api.layers.Conv1D;
import dev.seqconv.api.layers.Padding;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.conformance.Tolerance;
import dev.seqconv.conformance.reference.RefArray;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Conv1D layer in prediction ({@link TfConv1dInference}): seqconv's own operation for small calls and
 * TensorFlow's convolution for larger ones, chosen as the graph runs, both within 1e-5 of the recorded layer.
 */
class TfConv1dInferenceTest {

    @BeforeAll
    static void theOperationsAreBuiltAndLoad() {
        InferenceCheck.assumeOperationsLoad();
    }

    /**
     * Filters that fill whole register blocks (32), half of one (8) and neither (13, 5); steps that are and are not a
     * multiple of the four rows summed at a time; each element-wise activation, with and without a bias (drawn in
     * ±0.6, each its own); inputs in ±1 and, where the activation is bounded, saturating (±30: with an unbounded one
     * the outputs grow instead, and the two sums' orders differ by more than 1e-5 of what cancellation leaves);
     * batches the operation runs (1, 2) and batches TensorFlow's convolution runs (above the limit), in one graph.
     */
    @Test
    void smallAndLargeCallsGiveTheRecordedLayersOutput() {
        SeededRandom random = new SeededRandom(11);
        int[][] geometries = {{32, 5, 240, 14}, {13, 3, 11, 4}, {8, 7, 20, 9}, {5, 1, 6, 3}};
        for (int[] g : geometries) {
            int filters = g[0], k = g[1], steps = g[2], channels = g[3];
            long perSample = 2L * (steps - k + 1) * k * channels * filters;
            int large = Math.toIntExact(TfConv1dInference.INLINE_FLOPS / perSample + 1);
            for (Activation activation : List.of(Activation.RELU, Activation.LINEAR, Activation.TANH,
                    Activation.SIGMOID, Activation.HARD_SIGMOID_KERAS2)) {
                for (boolean useBias : new boolean[] {true, false}) {
                    Conv1D layer = Conv1D.of(filters, k, activation).withUseBias(useBias);
                    boolean bounded = activation != Activation.RELU && activation != Activation.LINEAR;
                    for (double inputScale : bounded ? new double[] {1, 30} : new double[] {1}) {
                        for (int batch : new int[] {1, 2, large}) {
                            List<NdArray> outputs = InferenceCheck.recordedAndInference(layer,
                                    InferenceCheck.arguments(layer, batch, steps, channels, inputScale, random), true);
                            assertThat(outputs.get(1).shape()).isEqualTo(Shape.of(batch, steps - k + 1, filters));
                            Tolerance.assertClose(layer + " " + activation + " bias " + useBias + " inputs ±"
                                    + inputScale + " batch " + batch, outputs.get(1), RefArray.of(outputs.get(0)));
                        }
                    }
                }
            }
        }
    }

    /**
     * Strides and dilations keep TensorFlow's convolution; a padded layer's convolution (of its padded input) is the
     * operation's: each gives the recorded layer's output.
     */
    @Test
    void stridedDilatedAndPaddedLayersGiveTheRecordedOutput() {
        SeededRandom random = new SeededRandom(12);
        for (Conv1D layer : List.of(Conv1D.of(6, 3).withStrides(2), Conv1D.of(6, 3).withDilationRate(2),
                Conv1D.of(6, 3).withPadding(Padding.SAME))) {
            List<NdArray> outputs = InferenceCheck.recordedAndInference(layer,
                    InferenceCheck.arguments(layer, 2, 12, 4, 1, random), true);
            Tolerance.assertClose(layer.toString(), outputs.get(1), RefArray.of(outputs.get(0)));
        }
    }
}
