package dev.seqconv.backend.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.random.SeededRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * oneDNN's gate activations against the functions in double precision: {@code σ} and {@code tanh} within 4 float
 * ulps of the exact value (or 1e-30 absolute, where {@code σ} of a large negative value underflows), over ordinary
 * pre-activations, saturating ones ({@code ±30}, {@code ±100}) and signed zeros, for slice sizes that fill oneDNN's
 * vectors and sizes that leave a tail; two threads at once get what each gets alone; a wrong length is refused.
 */
class OneDnnGateActivationsTest {

    @BeforeAll
    static void loadEngine() {
        Backends.get("nd4j"); // loads libnd4j, after checking that it suits this CPU
    }

    @ParameterizedTest(name = "{0} values a gate")
    @ValueSource(ints = {1, 3, 17, 2048})
    void sigmoidAndTanhAreThoseOfTheFunctions(int size) {
        float[] gates = preActivations(2 * size, 11);
        float[] candidate = preActivations(size, 12);
        float[] sigmoid = gates.clone();
        float[] tanh = candidate.clone();
        OneDnnGateActivations activations = OneDnnGateActivations.acquire(size);
        try {
            activations.sigmoid(sigmoid);
            activations.tanh(tanh);
        } finally {
            activations.release();
        }
        for (int i = 0; i < gates.length; i++) {
            assertClose(sigmoid[i], 1 / (1 + Math.exp(-gates[i])), "σ(" + gates[i] + ")");
        }
        for (int i = 0; i < candidate.length; i++) {
            assertClose(tanh[i], Math.tanh(candidate[i]), "tanh(" + candidate[i] + ")");
        }
    }

    @Test
    void twoThreadsAtOnceGetWhatEachGetsAlone() throws Exception {
        int size = 64 * 32;
        float[][] inputs = {preActivations(2 * size, 21), preActivations(2 * size, 22)};
        float[][] alone = new float[2][];
        for (int k = 0; k < 2; k++) {
            alone[k] = sigmoidOf(inputs[k], size);
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 50; round++) {
                Future<float[]> first = pool.submit(() -> sigmoidOf(inputs[0], size));
                Future<float[]> second = pool.submit(() -> sigmoidOf(inputs[1], size));
                assertThat(first.get()).as("round %d, thread 1", round).containsExactly(alone[0]);
                assertThat(second.get()).as("round %d, thread 2", round).containsExactly(alone[1]);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWrongLengthIsRefused() {
        OneDnnGateActivations activations = OneDnnGateActivations.acquire(4);
        try {
            assertThatThrownBy(() -> activations.sigmoid(new float[4]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 values for a kernel of 8");
            assertThatThrownBy(() -> activations.tanh(new float[8]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8 values for a kernel of 4");
        } finally {
            activations.release();
        }
        assertThatThrownBy(() -> OneDnnGateActivations.acquire(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static float[] sigmoidOf(float[] gates, int size) {
        float[] out = gates.clone();
        OneDnnGateActivations activations = OneDnnGateActivations.acquire(size);
        try {
            activations.sigmoid(out);
        } finally {
            activations.release();
        }
        return out;
    }

    /** Mostly within ±6, where the gates work, with saturating values and signed zeros among them. */
    private static float[] preActivations(int n, long seed) {
        SeededRandom random = new SeededRandom(seed);
        float[] special = {0f, -0f, 30f, -30f, 100f, -100f, 1e-6f, -1e-6f};
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = i % 13 == 5 ? special[i % special.length] : (float) (random.nextDouble() * 12 - 6);
        }
        return values;
    }

    private static void assertClose(float actual, double expected, String what) {
        double tolerance = Math.max(4 * Math.ulp((float) expected), 1e-30);
        assertThat(Math.abs(actual - expected)).as("%s = %s, expected %s", what, actual, expected)
                .isLessThanOrEqualTo(tolerance);
    }
}
