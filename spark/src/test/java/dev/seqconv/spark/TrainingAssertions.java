package dev.seqconv.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.seqconv.api.callbacks.Callback;
import dev.seqconv.api.callbacks.Logs;
import dev.seqconv.api.ndarray.NdArray;
import java.util.ArrayList;
import java.util.List;

/**
 * How the Spark tests (and the Spark example module's) compare a run on Spark with {@code fit} in one process: the
 * weights entry by entry, and the loss curve step by step.
 */
public final class TrainingAssertions {

    private TrainingAssertions() {
    }

    /** Asserts that each weight is within {@code tolerance} of the expected one, entry by entry. */
    public static void assertWeightsClose(List<NdArray> actual, List<NdArray> expected, float tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int w = 0; w < expected.size(); w++) {
            float[] e = expected.get(w).toFloatArray();
            float[] a = actual.get(w).toFloatArray();
            for (int i = 0; i < e.length; i++) {
                assertThat(a[i]).as("weight %d [%d]", w, i).isCloseTo(e[i], within(tolerance));
            }
        }
    }

    /** Asserts that both runs took {@code steps} steps and each loss is within {@code tolerance} of the expected. */
    public static void assertLossesClose(LossCurve actual, LossCurve expected, int steps, double tolerance) {
        assertThat(expected.losses).hasSize(steps);
        assertThat(actual.losses).hasSize(steps);
        for (int i = 0; i < steps; i++) {
            assertThat(actual.losses.get(i)).as("loss after step %d", i + 1)
                    .isCloseTo(expected.losses.get(i), within(tolerance));
        }
    }

    /** The running mean loss of the epoch after each step, as Keras's progress bar shows it. */
    public static final class LossCurve implements Callback {
        private final List<Double> losses = new ArrayList<>();

        @Override
        public void onTrainBatchEnd(int batch, Logs logs) {
            losses.add(logs.get("loss"));
        }
    }
}
