package dev.seqconv.backend.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.conformance.Probe;
import dev.seqconv.conformance.Tolerance;
import dev.seqconv.conformance.reference.RefArray;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The maximum over one axis for training ({@link Nd4jMaxOverAxis}, as {@code GlobalMaxPooling1D} runs it) against
 * the composed form (libnd4j's {@code max}, and {@code equals}, {@code sum}, {@code divide}, {@code multiply} for
 * the gradient) on the same engine: output and the gradient of {@code Σ y·r} equal (the kernel does the composed
 * form's float operations), with distinct values, partial ties (values from a few levels), whole channels tied at 0
 * (as after a ReLU), at batch 1 and 128 (the Jena network's {@code (128, 20, 32)}, split among the cores), over time
 * and over the last axis, with and without the reduced axis kept.
 */
class Nd4jMaxOverAxisTest {

    private static final double TOLERANCE = 0;

    @BeforeAll
    static void loadEngine() {
        Backends.get("nd4j"); // loads libnd4j, after checking that it suits this CPU
    }

    @ParameterizedTest(name = "batch {0}, time {1}, channels {2}, axis {3}, keepDims {4}, values {5}")
    @CsvSource({"1, 23, 3, 1, false, DISTINCT", "1, 23, 3, 1, false, LEVELS", "1, 23, 3, 1, false, ZERO_CHANNELS",
        "128, 47, 32, 1, false, DISTINCT", "128, 47, 32, 1, false, LEVELS", "128, 47, 32, 1, false, ZERO_CHANNELS",
        "128, 20, 32, 1, false, DISTINCT", "128, 20, 32, 1, false, LEVELS", "128, 20, 32, 1, false, ZERO_CHANNELS",
        "4, 9, 6, 1, true, LEVELS", "4, 9, 6, 2, false, LEVELS", "3, 1, 5, 1, false, DISTINCT"})
    void agreesWithTheComposedMaximum(int batch, int time, int channels, int axis, boolean keepDims, Values kind) {
        SeededRandom random = new SeededRandom(13);
        NdArray x = kind.draw(random, batch, time, channels);
        Shape reduced = keepDims ? Shape.of(batch, axis == 1 ? 1 : time, axis == 2 ? 1 : channels)
                : axis == 1 ? Shape.of(batch, channels) : Shape.of(batch, time);
        NdArray projection = Values.DISTINCT.draw(random, Math.toIntExact(reduced.size()));
        NdArray shapedProjection = NdArray.ofFloats(reduced, projection.toFloatArray());

        Probe.Result fused = run(true, x, shapedProjection, axis, keepDims);
        Probe.Result composed = run(false, x, shapedProjection, axis, keepDims);

        assertClose("output", fused.output(), composed.output());
        assertClose("gradient of the input", fused.gradients().get(0), composed.gradients().get(0));
    }

    @Test
    void tiedMaximaShareTheGradientEqually() {
        // (1, 4, 2): channel 0 holds 7 twice, channel 1 is all zeros (four ties).
        NdArray x = NdArray.ofFloats(Shape.of(1, 4, 2), 2f, 0f, 7f, 0f, 7f, 0f, 1f, 0f);
        NdArray projection = NdArray.ofFloats(Shape.of(1, 2), 10f, 100f);

        for (boolean fusedKernels : new boolean[] {true, false}) {
            Probe.Result result = run(fusedKernels, x, projection, 1, false);
            assertThat(result.output().toFloatArray()).as("fused " + fusedKernels).containsExactly(7f, 0f);
            assertThat(result.gradients().get(0).toFloatArray()).as("fused " + fusedKernels)
                    .containsExactly(0f, 25f, 5f, 25f, 5f, 25f, 0f, 25f);
        }
    }

    private static Probe.Result run(boolean fusedKernels, NdArray x, NdArray projection, int axis, boolean keepDims) {
        return Probe.run(Nd4jBackendProvider.backend(fusedKernels), List.of(x), projection,
                (ops, in) -> ops.max(in.get(0), keepDims, axis));
    }

    private static void assertClose(String what, NdArray actual, NdArray expected) {
        Tolerance.assertClose(what, actual, RefArray.of(expected), TOLERANCE);
    }

    /** How the input's values are drawn. */
    enum Values {
        /** Uniform in [-1, 1). */
        DISTINCT,
        /** One of four levels, so most maxima are tied. */
        LEVELS,
        /** Uniform, with every other channel (last axis) all zeros. */
        ZERO_CHANNELS;

        NdArray draw(SeededRandom random, int... shape) {
            float[] values = new float[Math.toIntExact(Shape.of(shape).size())];
            int channels = shape[shape.length - 1];
            for (int i = 0; i < values.length; i++) {
                values[i] = switch (this) {
                    case DISTINCT -> (float) (random.nextDouble() * 2 - 1);
                    case LEVELS -> random.nextInt(4) * 0.5f - 1f;
                    case ZERO_CHANNELS -> i % channels % 2 == 0 ? 0f : (float) (random.nextDouble() * 2 - 1);
                };
            }
            return NdArray.ofFloats(Shape.of(shape), values);
        }
    }
}
