package dev.seqconv.conformance;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.ops.GruRecurrence;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.conformance.reference.RefArray;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An engine's fused GRU recurrence ({@link dev.seqconv.api.spi.GruKernel}) against the composed recurrence on the
 * same engine: the states (every step's, or the last) and the gradients of {@code Σ h·r} with respect to the three
 * inputs' projections, the recurrent kernel and the recurrent bias within {@link Tolerance#DEFAULT}, with distinct
 * non-zero recurrent biases and, where asked, per-gate state masks as recurrent dropout draws them (each value 0 or
 * {@code 1 / (1 − 0.4)}), and inputs' projections within ±1 or, saturating the gates and the candidate, ±12.
 * Sizes from two samples of eight units to 64 samples of 32 units, so that a kernel that cuts the batch into slices
 * and computes large slices differently (ND4J's: the gates' activations on oneDNN from 64 values a gate) meets both
 * kinds.
 */
public abstract class GruKernelSuite {

    private static final int TIME = 7;
    private static final float KEPT = 1f / (1f - 0.4f);

    /** The backend under test, with or without its fused kernels. */
    protected abstract Backend backend(boolean fusedKernels);

    @ParameterizedTest(name = "batch {0}, {1} units, masks {2}, every step {3}, inputs within ±{4}")
    @CsvSource({"2, 8, true, true, 1", "8, 32, true, true, 1", "8, 32, false, false, 1", "64, 32, true, false, 1",
        "5, 32, true, true, 1", "2, 8, true, true, 12", "8, 32, true, true, 12"})
    void agreesWithTheComposedRecurrence(int batch, int units, boolean masked, boolean returnSequences, float scale) {
        SeededRandom random = new SeededRandom(13);
        List<NdArray> inputs = new ArrayList<>(List.of(uniform(random, scale, batch, TIME, units),
                uniform(random, scale, batch, TIME, units), uniform(random, scale, batch, TIME, units),
                uniform(random, 0.4f, units, 3 * units), uniform(random, 0.5f, 3 * units)));
        int operands = inputs.size();
        if (masked) {
            for (int gate = 0; gate < 3; gate++) {
                inputs.add(mask(random, batch, units));
            }
        }
        NdArray projection = returnSequences ? uniform(random, 1f, batch, TIME, units)
                : uniform(random, 1f, batch, units);

        Probe.Result fused = run(true, inputs, operands, projection, returnSequences);
        Probe.Result composed = run(false, inputs, operands, projection, returnSequences);

        Tolerance.assertClose("states", fused.output(), RefArray.of(composed.output()));
        String[] names = {"xz", "xr", "xh", "recurrent kernel", "recurrent bias"};
        for (int i = 0; i < operands; i++) {
            Tolerance.assertClose("gradient of " + names[i], fused.gradients().get(i),
                    RefArray.of(composed.gradients().get(i)));
        }
    }

    private Probe.Result run(boolean fusedKernels, List<NdArray> inputs, int operands, NdArray projection,
                             boolean returnSequences) {
        return Probe.run(backend(fusedKernels), inputs, projection, (ops, in) -> ops.gru(new GruRecurrence(in.get(0),
                in.get(1), in.get(2), in.get(3), in.get(4), in.subList(operands, in.size()), true, Activation.TANH,
                Activation.SIGMOID, returnSequences, null)));
    }

    /** Values uniform in {@code [−scale, scale)} of {@code shape}. */
    private static NdArray uniform(SeededRandom random, float scale, int... shape) {
        return RefArray.uniform(random, -scale, scale, shape).toFloat32();
    }

    private static NdArray mask(SeededRandom random, int batch, int units) {
        float[] values = new float[batch * units];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble() < 0.4 ? 0f : KEPT;
        }
        return NdArray.ofFloats(Shape.of(batch, units), values);
    }
}
