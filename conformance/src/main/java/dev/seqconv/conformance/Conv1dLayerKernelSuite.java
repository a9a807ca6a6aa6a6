package dev.seqconv.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.ops.Conv1dLayer;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.conformance.reference.RefArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An engine's whole-layer Conv1D kernel ({@link dev.seqconv.api.spi.Conv1dLayerKernel}) against the composed layer
 * (convolution, broadcast add, activation) on the same engine: output and the gradients of {@code Σ y·r} with
 * respect to the input, kernel and bias within {@link Tolerance#DEFAULT} (1e-5, relative beyond 1), with distinct non-zero biases and inputs of both signs, so
 * that ReLU masks part of the output. Over an embedding lookup too, where an engine may fold the layer's backward
 * into the table (ND4J does when the table has no more rows than there are ids): the gradients of the table, kernel
 * and bias, the lookup's rows also read by a second layer or not.
 */
public abstract class Conv1dLayerKernelSuite {

    /** The backend under test, with or without its fused kernels. */
    protected abstract Backend backend(boolean fusedKernels);

    @ParameterizedTest(name = "{0}, bias {1}, stride {2}, dilation {3}, batch {4}")
    @CsvSource({"RELU, true, 1, 1, 6", "RELU, false, 1, 1, 6", "LINEAR, true, 1, 1, 6", "RELU, true, 2, 2, 5",
        "RELU, true, 1, 1, 64"})
    void agreesWithTheComposedLayer(Activation activation, boolean biased, int stride, int dilation, int batch) {
        SeededRandom random = new SeededRandom(7);
        List<NdArray> inputs = new ArrayList<>(List.of(uniform(random, batch, 40, 5), uniform(random, 3, 5, 6)));
        if (biased) {
            inputs.add(NdArray.ofFloats(Shape.of(6), 0.31f, -0.17f, 0.05f, -0.42f, 0.23f, 0.11f));
        }
        int outputTime = (40 - dilation * 2 - 1) / stride + 1;
        NdArray projection = uniform(random, batch, outputTime, 6);

        Probe.Result fused = run(true, inputs, projection, activation, stride, dilation);
        Probe.Result composed = run(false, inputs, projection, activation, stride, dilation);

        assertClose("output", fused.output(), composed.output());
        if (activation == Activation.RELU) {
            float[] y = fused.output().toFloatArray();
            assertThat(count(y, 0f)).as("outputs that ReLU cut to 0").isBetween(y.length / 10, y.length * 9 / 10);
        }
        String[] names = {"input", "kernel", "bias"};
        for (int i = 0; i < inputs.size(); i++) {
            assertClose("gradient of the " + names[i], fused.gradients().get(i), composed.gradients().get(i));
        }
    }

    @ParameterizedTest(name = "{0}, stride {1}, dilation {2}, {3} table rows, second layer {4}")
    @CsvSource({"RELU, 1, 1, 12, false", "LINEAR, 1, 1, 12, false", "RELU, 2, 2, 12, false", "RELU, 1, 1, 12, true",
        "RELU, 1, 1, 400, false"})
    void agreesWithTheComposedLayerOverAnEmbedding(Activation activation, int stride, int dilation, int rows,
                                                   boolean secondLayer) {
        SeededRandom random = new SeededRandom(11);
        int batch = 6;
        int time = 40;
        int[] ids = new int[batch * time];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (int) (random.nextDouble() * (rows - 1)); // the last row never read: its gradient is 0
        }
        List<NdArray> inputs = List.of(uniform(random, rows, 5), NdArray.ofInts(Shape.of(batch, time), ids),
                uniform(random, 3, 5, 6), NdArray.ofFloats(Shape.of(6), 0.31f, -0.17f, 0.05f, -0.42f, 0.23f, 0.11f),
                uniform(random, 3, 5, 6));
        int outputTime = (time - dilation * 2 - 1) / stride + 1;
        NdArray projection = uniform(random, batch, outputTime, 6);

        Probe.Result fused = overEmbedding(true, inputs, projection, activation, stride, dilation, secondLayer);
        Probe.Result composed = overEmbedding(false, inputs, projection, activation, stride, dilation, secondLayer);

        assertClose("output", fused.output(), composed.output());
        String[] names = {"table", "ids", "kernel", "bias", "second kernel"};
        for (int i : secondLayer ? new int[] {0, 2, 3, 4} : new int[] {0, 2, 3}) {
            assertClose("gradient of the " + names[i], fused.gradients().get(i), composed.gradients().get(i));
        }
        float[] table = fused.gradients().get(0).toFloatArray();
        assertThat(Arrays.copyOfRange(table, table.length - 5, table.length)).as("the unread row")
                .containsOnly(0f);
    }

    private Probe.Result overEmbedding(boolean fusedKernels, List<NdArray> inputs, NdArray projection,
                                       Activation activation, int stride, int dilation, boolean secondLayer) {
        return Probe.run(backend(fusedKernels), inputs, projection, (ops, in) -> {
            Tensor rows = ops.gather(in.get(0), in.get(1));
            Tensor y = ops.conv1dLayer(new Conv1dLayer(rows, in.get(2), in.get(3), stride, dilation, activation));
            return secondLayer ? ops.add(y, ops.conv1dLayer(new Conv1dLayer(rows, in.get(4), null, stride, dilation,
                    activation))) : y;
        });
    }

    private Probe.Result run(boolean fusedKernels, List<NdArray> inputs, NdArray projection, Activation activation,
                             int stride, int dilation) {
        return Probe.run(backend(fusedKernels), inputs, projection, (ops, in) -> ops.conv1dLayer(
                new Conv1dLayer(in.get(0), in.get(1), in.size() > 2 ? in.get(2) : null, stride, dilation,
                        activation)));
    }

    private static void assertClose(String what, NdArray actual, NdArray expected) {
        Tolerance.assertClose(what, actual, RefArray.of(expected));
    }

    private static int count(float[] values, float value) {
        int n = 0;
        for (float v : values) {
            n += v == value ? 1 : 0;
        }
        return n;
    }

    /** Values uniform in [-1, 1) of {@code shape}. */
    protected static NdArray uniform(SeededRandom random, int... shape) {
        return RefArray.uniform(random, -1, 1, shape).toFloat32();
    }
}
