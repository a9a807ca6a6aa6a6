package dev.seqconv.api.data;

import dev.seqconv.api.ndarray.NdArray;

/**
 * Inputs and targets of a batch of samples.
 *
 * @param x inputs {@code (batch, ...)}
 * @param y targets {@code (batch, ...)}, as many samples as {@code x}
 */
public record Batch(NdArray x, NdArray y) {

    public Batch {
        if (x.length() != y.length()) {
            throw new IllegalArgumentException(
                    "A batch needs as many targets as inputs: " + x.length() + " inputs, " + y.length() + " targets");
        }
    }

    public int size() {
        return x.length();
    }
}
