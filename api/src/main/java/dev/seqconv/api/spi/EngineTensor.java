package dev.seqconv.api.spi;

import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Tensor;

/**
 * An engine's tensor: its native value (an array, a graph node) with the shape and type it was made with.
 *
 * @param <T> the engine's type of value
 */
public abstract class EngineTensor<T> implements Tensor {

    private final T value;
    private final Shape shape;
    private final DataType dataType;

    protected EngineTensor(T value, Shape shape, DataType dataType) {
        this.value = value;
        this.shape = shape;
        this.dataType = dataType;
    }

    /** The engine's value. */
    public final T value() {
        return value;
    }

    @Override
    public final Shape shape() {
        return shape;
    }

    @Override
    public final DataType dataType() {
        return dataType;
    }
}
