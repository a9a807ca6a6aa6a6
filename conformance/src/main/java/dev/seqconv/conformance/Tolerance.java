package dev.seqconv.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.seqconv.conformance.reference.RefArray;
import dev.seqconv.api.ndarray.NdArray;
import java.util.Arrays;

/** Element-wise comparison of an engine's float32 result with a double-precision reference. */
public final class Tolerance {

    /** The bound for forward values and gradients: |actual − expected| ≤ 1e-5 · max(1, |expected|). */
    public static final double DEFAULT = 1e-5;

    private Tolerance() {
    }

    public static void assertClose(String what, NdArray actual, RefArray expected) {
        assertClose(what, actual, expected, DEFAULT);
    }

    public static void assertClose(String what, NdArray actual, RefArray expected, double tolerance) {
        assertThat(actual.shape().dims()).as(what + " shape").isEqualTo(expected.shape());
        float[] a = actual.toFloatArray();
        double worst = 0;
        int at = -1;
        for (int i = 0; i < a.length; i++) {
            double error = Math.abs(a[i] - expected.flat(i)) / Math.max(1, Math.abs(expected.flat(i)));
            if (!(error <= worst)) {
                worst = error;
                at = i;
            }
        }
        if (!(worst <= tolerance)) {
            fail(what + ": largest error " + worst + " > " + tolerance + " at flat index " + at + " (engine "
                    + a[at] + ", reference " + expected.flat(at) + ", shape " + Arrays.toString(expected.shape()) + ")");
        }
    }
}
