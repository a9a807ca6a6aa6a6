package dev.seqconv.spark;

import dev.seqconv.api.ndarray.NdArray;
import java.io.Serializable;

/**
 * One training sample read from a table row.
 *
 * @param x the model's input for it, of the input's shape
 * @param y its target, shape {@code (values)}
 */
record Sample(NdArray x, NdArray y) implements Serializable {
}
