package dev.seqconv.backend.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.ops.Conv1dLayer;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.conformance.Probe;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A fused ReLU's gate applied once between two kernels ({@link Nd4jTensor#ofReluOutput}, {@link Nd4jTensor#gated}):
 * max pooling of a ReLU output gates its gradient at the pooled size, and the Conv1D layer before it passes that
 * gradient on; so does the maximum over time (GlobalMaxPooling1D's, {@link Nd4jMaxOverAxis}). The gated gradient
 * equals the ungated one masked by {@code y > 0}, ties, zeros and {@code −0} included; a Conv1D layer with ReLU and
 * max pooling, or the maximum over time, give the same output and gradients of input, kernel and bias with the gate
 * and without it (the layer's output multiplied by 1, which makes it a plain tensor), at batch 1 and 128, pools equal
 * to and wider than their stride.
 */
class ReluGateTest {

    @BeforeAll
    static void loadEngine() {
        Backends.get("nd4j"); // loads libnd4j, after checking that it suits this CPU
    }

    @ParameterizedTest(name = "batch {0}, time {1}, channels {2}, pool {3}, stride {4}")
    @CsvSource({"1, 23, 3, 3, 3", "128, 74, 32, 3, 3", "4, 19, 6, 3, 2", "2, 7, 4, 7, 7"})
    void poolingGatesItsGradientAsTheReluWould(int batch, int time, int channels, int pool, int stride) {
        SeededRandom random = new SeededRandom(5);
        float[] y = new float[batch * time * channels];
        for (int i = 0; i < y.length; i++) {
            int level = random.nextInt(4);
            y[i] = level == 0 ? -0f : level == 1 ? 0f : level * 0.25f; // ReLU outputs, tied and zero
        }
        INDArray yArray = DenseArrays.fromFloats(y, batch, time, channels);
        int outputTime = (time - pool) / stride + 1;
        float[] dy = new float[batch * outputTime * channels];
        for (int i = 0; i < dy.length; i++) {
            dy[i] = (float) (random.nextDouble() * 2 - 1);
        }
        Tensor dOutput = new Nd4jTensor(DenseArrays.fromFloats(dy, batch, outputTime, channels));

        Tensor gated = new Nd4jMaxPool1d().forward(Nd4jTensor.ofReluOutput(yArray), pool, stride).backward(dOutput);
        Tensor plain = new Nd4jMaxPool1d().forward(new Nd4jTensor(yArray), pool, stride).backward(dOutput);

        assertThat(Nd4jTensor.isGated(gated, yArray)).as("gated for y").isTrue();
        assertThat(Nd4jTensor.isGated(plain, yArray)).as("plain gated").isFalse();
        float[] g = DenseArrays.floats(Nd4jTensor.arrayOf(gated));
        float[] p = DenseArrays.floats(Nd4jTensor.arrayOf(plain));
        int passed = 0;
        for (int i = 0; i < y.length; i++) {
            assertThat(g[i]).as("∂x[" + i + "]").isEqualTo(y[i] > 0 ? p[i] : 0f, within(0f));
            passed += y[i] > 0 && p[i] != 0 ? 1 : 0;
        }
        assertThat(passed).as("gradients that pass the gate").isPositive();
    }

    @ParameterizedTest(name = "batch {0}, pool {1}, stride {2} (0: the maximum over time)")
    @CsvSource({"1, 3, 3", "128, 3, 3", "5, 3, 2", "1, 0, 0", "128, 0, 0"})
    void aReluLayerAndPoolingGiveTheSameGradientsGatedOnce(int batch, int pool, int stride) {
        SeededRandom random = new SeededRandom(9);
        List<NdArray> inputs = List.of(uniform(random, batch, 40, 5), uniform(random, 3, 5, 6),
                NdArray.ofFloats(Shape.of(6), 0.31f, -0.17f, 0.05f, -0.42f, 0.23f, 0.11f));
        NdArray projection = pool == 0 ? uniform(random, batch, 6)
                : uniform(random, batch, (38 - pool) / stride + 1, 6);

        Probe.Result gated = run(inputs, projection, pool, stride, false);
        Probe.Result plain = run(inputs, projection, pool, stride, true);

        assertEqual("output", gated.output(), plain.output());
        String[] names = {"input", "kernel", "bias"};
        for (int i = 0; i < names.length; i++) {
            assertEqual("gradient of the " + names[i], gated.gradients().get(i), plain.gradients().get(i));
        }
    }

    private static Probe.Result run(List<NdArray> inputs, NdArray projection, int pool, int stride, boolean plain) {
        return Probe.run(Nd4jBackendProvider.backend(true), inputs, projection, (ops, in) -> {
            Tensor y = ops.conv1dLayer(new Conv1dLayer(in.get(0), in.get(1), in.get(2), 1, 1, Activation.RELU));
            Tensor x = plain ? ops.multiply(y, ops.scalar(1f)) : y;
            return pool == 0 ? ops.max(x, false, 1) : ops.maxPool1d(x, pool, stride);
        });
    }

    private static void assertEqual(String what, NdArray actual, NdArray expected) {
        assertThat(actual.shape()).as(what + " shape").isEqualTo(expected.shape());
        float[] a = actual.toFloatArray();
        float[] e = expected.toFloatArray();
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as(what + " [" + i + "]").isCloseTo(e[i], within(0f));
        }
    }

    private static NdArray uniform(SeededRandom random, int... shape) {
        float[] values = new float[Math.toIntExact(Shape.of(shape).size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return NdArray.ofFloats(Shape.of(shape), values);
    }
}
