package dev.seqconv.it;

import dev.seqconv.api.data.Batch;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.random.SeededRandom;

/**
 * Token-id data sets for tests, in Keras's id conventions (0 padding, 1 start, 2 out of vocabulary).
 */
final class SyntheticTokens {

    private SyntheticTokens() {
    }

    /** Random ids in {@code [3, vocabulary)} with random 0/1 labels: data for comparing engines step by step. */
    static Batch random(int samples, int length, int vocabulary, long seed) {
        SeededRandom random = new SeededRandom(seed);
        int[] ids = new int[samples * length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 3 + random.nextInt(vocabulary - 3);
        }
        float[] labels = new float[samples];
        for (int i = 0; i < samples; i++) {
            labels[i] = random.nextInt(2);
        }
        return new Batch(NdArray.ofInts(Shape.of(samples, length), ids), NdArray.ofFloats(Shape.of(samples, 1), labels));
    }

    /**
     * A learnable task: label 1 exactly when the marker id occurs somewhere in the sequence (half the samples),
     * other ids random in {@code [3, vocabulary)} without the marker.
     */
    static Batch markerTask(int samples, int length, int vocabulary, int marker, long seed) {
        SeededRandom random = new SeededRandom(seed);
        int[] ids = new int[samples * length];
        float[] labels = new float[samples];
        for (int s = 0; s < samples; s++) {
            for (int t = 0; t < length; t++) {
                int id;
                do {
                    id = 3 + random.nextInt(vocabulary - 3);
                } while (id == marker);
                ids[s * length + t] = id;
            }
            if (random.nextInt(2) == 1) {
                labels[s] = 1;
                ids[s * length + random.nextInt(length)] = marker;
            }
        }
        return new Batch(NdArray.ofInts(Shape.of(samples, length), ids), NdArray.ofFloats(Shape.of(samples, 1), labels));
    }
}
