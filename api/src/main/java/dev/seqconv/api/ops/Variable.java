package dev.seqconv.api.ops;

import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.Shape;

/**
 * A named piece of state that an engine keeps between calls: a weight, an optimizer slot, a step counter.
 *
 * <p>A variable is only a handle; its value lives in the {@link dev.seqconv.api.spi.Executor} that created it,
 * and is read inside a function with {@link Ops#read(Variable)}.
 *
 * @param id     the position of the variable in its executor
 * @param name   a readable name, unique within the executor (e.g. {@code conv1d/kernel})
 * @param shape  the fully known shape of its value
 * @param dataType the element type of its value
 */
public record Variable(int id, String name, Shape shape, DataType dataType) {

    public Variable {
        if (!shape.isFullyKnown()) {
            throw new IllegalArgumentException("Variable " + name + " needs a fully known shape, got " + shape);
        }
    }

    /**
     * Checks that {@code value} can be written to this variable.
     *
     * @throws IllegalArgumentException if its shape or type differs
     */
    public void requireFits(dev.seqconv.api.ndarray.NdArray value) {
        if (!value.shape().equals(shape) || value.dataType() != dataType) {
            throw new IllegalArgumentException("Variable " + name + " is " + shape + " " + dataType + ", got "
                    + value.shape() + " " + value.dataType());
        }
    }
}
