package dev.seqconv.api.keras;

import dev.seqconv.api.ndarray.Shape;
import java.util.Objects;

/**
 * The input a Keras model declares, from wherever its file declares it: its InputLayer's {@code batch_shape}
 * (Keras 3) or {@code batch_input_shape} (Keras 2), the first layer's {@code batch_input_shape} (a Keras 2
 * Sequential without InputLayer), the model's {@code build_input_shape} (tf.keras 2) or the {@code build_config}'s
 * {@code input_shape} (Keras 3).
 *
 * @param shape the shape of one sample, without the batch dimension; {@link Shape#UNKNOWN} where Keras declares
 *              {@code None}, as an unspecified number of time steps
 * @param dtype the declared type, e.g. {@code float32}; Keras 3 declares float32 even in front of an Embedding,
 *              which casts the ids
 */
public record KerasInput(Shape shape, String dtype) {

    public KerasInput {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(dtype, "dtype");
    }

    /** The shape with Keras's unknown batch dimension first, as {@code batch_shape} writes it. */
    public Shape batchShape() {
        return shape.prepend(Shape.UNKNOWN);
    }
}
