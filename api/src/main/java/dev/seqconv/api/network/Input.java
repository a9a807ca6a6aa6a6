package dev.seqconv.api.network;

import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.Shape;
import java.io.Serializable;

/**
 * What one sample fed to a model looks like, without the batch dimension: Keras's {@code input_shape} and dtype.
 *
 * @param shape    a sample's shape, e.g. {@code (500)} for 500 token ids or {@code (240, 14)} for 240 steps of
 *                 14 features
 * @param dataType {@link DataType#INT32} for token ids, {@link DataType#FLOAT32} otherwise
 */
public record Input(Shape shape, DataType dataType) implements Serializable {

    public Input {
        if (!shape.isFullyKnown() || shape.rank() == 0) {
            throw new IllegalArgumentException("An input needs known dimensions, at least one, got " + shape);
        }
        for (int d : shape.dims()) {
            if (d == 0) {
                throw new IllegalArgumentException("Input dimensions must be > 0, got " + shape);
            }
        }
    }

    /** Token ids: {@code Input.ints(500)} for sequences of 500 ids. */
    public static Input ints(int... dims) {
        return new Input(Shape.of(dims), DataType.INT32);
    }

    /** Float features: {@code Input.floats(240, 14)} for 240 steps of 14 features. */
    public static Input floats(int... dims) {
        return new Input(Shape.of(dims), DataType.FLOAT32);
    }

    /** The shape of a batch of such samples, with an unknown batch size. */
    public Shape batchShape() {
        return shape.prepend(Shape.UNKNOWN);
    }
}
