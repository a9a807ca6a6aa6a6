package dev.seqconv.api.metrics;

import dev.seqconv.api.ndarray.NdArray;
import java.util.function.IntPredicate;

/** What the categorical accuracies share: the arg max of each row and the share of matching rows per sample. */
final class ClassMatches {

    private ClassMatches() {
    }

    /** The index of the largest entry of each row of the last axis; of the first one on ties, as TensorFlow's argmax. */
    static int[] argmax(NdArray a) {
        float[] v = a.toFloatArray();
        int width = a.shape().dim(-1);
        int[] out = new int[width == 0 ? 0 : v.length / width];
        for (int row = 0; row < out.length; row++) {
            int best = 0;
            for (int i = 1; i < width; i++) {
                if (v[row * width + i] > v[row * width + best]) {
                    best = i;
                }
            }
            out[row] = best;
        }
        return out;
    }

    /** For {@code rows} rows split evenly among {@code samples} samples, the share of each sample's rows that match. */
    static double[] perSample(int rows, int samples, IntPredicate matches) {
        int perSample = samples == 0 ? 0 : rows / samples;
        double[] out = new double[samples];
        for (int s = 0; s < samples; s++) {
            int hits = 0;
            for (int r = s * perSample; r < (s + 1) * perSample; r++) {
                hits += matches.test(r) ? 1 : 0;
            }
            out[s] = (double) hits / perSample;
        }
        return out;
    }
}
