package dev.seqconv.api.spi;

import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;

/**
 * The shape and type a function's input must have. {@link Shape#UNKNOWN} dimensions (the batch) accept any size.
 *
 * @param name     a readable name for messages, e.g. {@code x}
 * @param shape    the expected shape
 * @param dataType the expected element type
 */
public record TensorSpec(String name, Shape shape, DataType dataType) {

    /** Whether {@code value} fits this spec. */
    public boolean accepts(NdArray value) {
        if (value.dataType() != dataType || value.shape().rank() != shape.rank()) {
            return false;
        }
        for (int axis = 0; axis < shape.rank(); axis++) {
            if (shape.dim(axis) != Shape.UNKNOWN && shape.dim(axis) != value.shape().dim(axis)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return name + " " + shape + " " + dataType;
    }
}
