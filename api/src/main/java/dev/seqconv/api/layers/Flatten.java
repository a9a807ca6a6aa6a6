package dev.seqconv.api.layers;

import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;

/**
 * Keras's {@code Flatten}: {@code (batch, d1, d2, ...)} to {@code (batch, d1·d2·...)}, row-major.
 *
 * @param name the layer's name, or {@code null} for an automatic one
 */
public record Flatten(String name) implements Layer {

    public static Flatten of() {
        return new Flatten(null);
    }

    @Override
    public Flatten withName(String name) {
        return new Flatten(name);
    }

    @Override
    public LayerBuild build(Shape inputShape) {
        if (inputShape.rank() < 2 || !inputShape.dropFirst().isFullyKnown()) {
            throw new IllegalArgumentException("Flatten takes inputs shaped (batch, ...) with known sizes, got "
                    + inputShape);
        }
        return LayerBuild.of(Shape.of(inputShape.dim(0), Math.toIntExact(inputShape.dropFirst().size())));
    }

    @Override
    public Tensor call(Ops ops, Tensor input, Weights weights, CallContext context) {
        return ops.reshape(input, Shape.of(Shape.UNKNOWN, Math.toIntExact(input.shape().dropFirst().size())));
    }
}
