package dev.seqconv.backend.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.conformance.Probe;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Max pooling for training on oneDNN ({@link Nd4jMaxPool1d}) against the composed form (the loop kernels' pooling and
 * gradient) on the same engine: output and the gradient of {@code Σ y·r} within 1e-5, with distinct values and with
 * ties (values drawn from a few levels, so most windows hold several maxima), at batch 1 and 128, pools equal to and
 * wider than their stride, and lengths that leave the last window cut.
 */
class Nd4jMaxPool1dTest {

    private static final float TOLERANCE = 1e-5f;

    @BeforeAll
    static void loadEngine() {
        Backends.get("nd4j"); // loads libnd4j, after checking that it suits this CPU
    }

    @ParameterizedTest(name = "batch {0}, time {1}, channels {2}, pool {3}, stride {4}, ties {5}")
    @CsvSource({"1, 23, 3, 5, 5, false", "1, 23, 3, 5, 5, true", "128, 47, 32, 5, 5, false", "128, 47, 32, 5, 5, true",
        "4, 20, 6, 3, 3, true", "4, 19, 6, 3, 2, true", "3, 17, 5, 2, 3, false", "2, 7, 4, 7, 7, true"})
    void agreesWithTheComposedPooling(int batch, int time, int channels, int pool, int stride, boolean ties) {
        SeededRandom random = new SeededRandom(11);
        NdArray x = values(random, ties, batch, time, channels);
        int outputTime = (time - pool) / stride + 1;
        NdArray projection = values(random, false, batch, outputTime, channels);

        Probe.Result fused = run(true, x, projection, pool, stride);
        Probe.Result composed = run(false, x, projection, pool, stride);

        assertClose("output", fused.output(), composed.output());
        assertClose("gradient of the input", fused.gradients().get(0), composed.gradients().get(0));
        if (ties) {
            assertThat(windowsWithTies(x.toFloatArray(), batch, time, channels, pool, stride))
                    .as("windows whose maximum is tied").isGreaterThan(batch * outputTime * channels / 4);
        }
    }

    @Test
    void aTiedWindowSendsItsGradientToTheFirstMaximum() {
        NdArray x = NdArray.ofFloats(Shape.of(1, 6, 1), 2f, 7f, 7f, 7f, 1f, 7f);
        NdArray projection = NdArray.ofFloats(Shape.of(1, 2, 1), 10f, 100f);

        for (boolean fusedKernels : new boolean[] {true, false}) {
            Probe.Result result = run(fusedKernels, x, projection, 3, 3);
            assertThat(result.output().toFloatArray()).as("fused " + fusedKernels).containsExactly(7f, 7f);
            assertThat(result.gradients().get(0).toFloatArray()).as("fused " + fusedKernels)
                    .containsExactly(0f, 10f, 0f, 100f, 0f, 0f);
        }
    }

    private static Probe.Result run(boolean fusedKernels, NdArray x, NdArray projection, int pool, int stride) {
        return Probe.run(Nd4jBackendProvider.backend(fusedKernels), List.of(x), projection,
                (ops, in) -> ops.maxPool1d(in.get(0), pool, stride));
    }

    private static int windowsWithTies(float[] x, int batch, int time, int channels, int pool, int stride) {
        int tied = 0;
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t + pool <= time; t += stride) {
                for (int c = 0; c < channels; c++) {
                    float max = Float.NEGATIVE_INFINITY;
                    int count = 0;
                    for (int i = 0; i < pool; i++) {
                        float v = x[(b * time + t + i) * channels + c];
                        count = v > max ? 1 : v == max ? count + 1 : count;
                        max = Math.max(max, v);
                    }
                    tied += count > 1 ? 1 : 0;
                }
            }
        }
        return tied;
    }

    private static void assertClose(String what, NdArray actual, NdArray expected) {
        assertThat(actual.shape()).as(what + " shape").isEqualTo(expected.shape());
        float[] a = actual.toFloatArray();
        float[] e = expected.toFloatArray();
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as(what + " [" + i + "]").isCloseTo(e[i], within(TOLERANCE));
        }
    }

    /** Uniform in [-1, 1), or, for {@code ties}, one of four levels. */
    private static NdArray values(SeededRandom random, boolean ties, int... shape) {
        float[] values = new float[Math.toIntExact(Shape.of(shape).size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = ties ? random.nextInt(4) * 0.5f - 1f : (float) (random.nextDouble() * 2 - 1);
        }
        return NdArray.ofFloats(Shape.of(shape), values);
    }
}
