package dev.seqconv.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.ops.Conv1dLayer;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.conformance.reference.RefArray;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An engine's whole-layer Conv1D kernel ({@link dev.seqconv.api.spi.Conv1dLayerKernel}) against the composed layer
 * (convolution, broadcast add, activation) on the same engine: output and the gradients of {@code Σ y·r} with
 * respect to the input, kernel and bias within {@link Tolerance#DEFAULT} (1e-5, relative beyond 1), with distinct non-zero biases and inputs of both signs, so
 * that ReLU masks part of the output.
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
        float[] values = new float[Math.toIntExact(Shape.of(shape).size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return NdArray.ofFloats(Shape.of(shape), values);
    }
}
