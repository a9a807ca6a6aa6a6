package dev.seqconv.api.layers;

import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;
import java.util.Optional;

/**
 * A layer, as in Keras 3: an immutable configuration plus {@link #build} (check the input shape, declare the
 * weights, infer the output shape) and {@link #call} (the computation, written with {@link Ops}). Layers hold
 * no state; a model owns the weights and hands them to {@code call}.
 *
 * <p>Shapes include the batch dimension, usually {@link Shape#UNKNOWN}: {@code (batch, time, features)}.
 *
 * <p>Every layer is made the same way: {@code X.of(...)} gives Keras's defaults for the arguments it takes,
 * {@code with...} methods return a copy with one option changed, and {@link #withName} names any layer:
 * <pre>{@code
 * Conv1D.of(32, 5, Activation.RELU).withPadding(Padding.CAUSAL).withName("encoder")
 * GRU.of(RecurrentOptions.builder(32).dropout(0.2).build()).withResetAfter(false)
 * }</pre>
 */
public interface Layer {

    /** The name given by the user, or {@code null} to let the model name it after its type ({@code conv1d_1}). */
    String name();

    /** This layer under {@code name} ({@code null}: named by the model after its type, as Keras does). */
    Layer withName(String name);

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
     * The activation this layer's output comes straight out of, if it has one ({@code Dense} and {@code Conv1D}
     * tell theirs): a model checks it against a loss that expects probabilities.
     */
    default Optional<Activation> outputActivation() {
        return Optional.empty();
    }

    /**
     * The layer's output for {@code input}, given its weights by the names {@link #build} declared them with.
     */
    Tensor call(Ops ops, Tensor input, Weights weights, CallContext context);
}
