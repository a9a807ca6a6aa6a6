package dev.seqconv.api.layers;

import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;
import java.util.List;

/**
 * A layer, as in Keras 3: an immutable configuration plus {@link #build} (check the input shape, declare the
 * weights, infer the output shape) and {@link #call} (the computation, written with {@link Ops}). Layers hold
 * no state; a model owns the weights and hands them to {@code call}.
 *
 * <p>Shapes include the batch dimension, usually {@link Shape#UNKNOWN}: {@code (batch, time, features)}.
 */
public interface Layer {

    /** The name given by the user, or {@code null} to let the model name it after its type ({@code conv1d_1}). */
    String name();

    /** Keras's class name, shown by {@code summary()}: {@code Conv1D}. */
    default String typeName() {
        return getClass().getSimpleName();
    }

    /** The element type this layer takes; only token-id layers take {@link DataType#INT32}. */
    default DataType inputType() {
        return DataType.FLOAT32;
    }

    /**
     * Checks the input shape and declares this layer's weights and output shape.
     *
     * @throws IllegalArgumentException if the layer cannot take inputs of this shape, naming the fix
     */
    LayerBuild build(Shape inputShape);

    /**
     * The layer's output for {@code input}, given its weights in the order {@link #build} declared them.
     */
    Tensor call(Ops ops, Tensor input, List<Tensor> weights, CallContext context);
}
