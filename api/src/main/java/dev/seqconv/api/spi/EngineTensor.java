package dev.seqconv.api.spi;

import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Tensor;
import java.util.function.Supplier;

/**
 * An engine's tensor: its native value (an array, a graph node) with the shape and type it was made with. The
 * value may be deferred, computed on its first use: an engine kernel can then consume the recipe instead (as
 * ND4J's embedding gradient does with a convolution's input gradient). Like the calls that make them, tensors
 * belong to one thread.
 *
 * @param <T> the engine's type of value
 */
public abstract class EngineTensor<T> implements Tensor {

    private T value;
    private Supplier<T> deferred;
    private final Shape shape;
    private final DataType dataType;

    protected EngineTensor(T value, Shape shape, DataType dataType) {
        this.value = value;
        this.shape = shape;
        this.dataType = dataType;
    }

    /** A tensor whose value {@code deferred} computes on the first call of {@link #value}, if any. */
    protected EngineTensor(Supplier<T> deferred, Shape shape, DataType dataType) {
        this.deferred = deferred;
        this.shape = shape;
        this.dataType = dataType;
    }

    /** The engine's value, computed now if it was deferred and not yet used. */
    public final T value() {
        if (deferred != null) {
            value = deferred.get();
            deferred = null;
        }
        return value;
    }

    /** Whether the value is at hand: given when the tensor was made, or computed by a call of {@link #value}. */
    protected final boolean computed() {
        return deferred == null;
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
