package dev.seqconv.api.layers;

import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;
import java.util.List;

/**
 * Keras's {@code Dropout}: in training, {@code y = x · mask} with each mask entry {@code 1/(1 − rate)} with
 * probability {@code 1 − rate}, else 0 (a fresh mask per sample and step); otherwise {@code y = x}.
 *
 * @param name the layer's name, or {@code null} for an automatic one
 * @param rate the fraction of entries dropped, in {@code [0, 1)}
 */
public record Dropout(String name, double rate) implements Layer {

    public Dropout {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("Dropout: rate must be in [0, 1), got " + rate);
        }
    }

    public static Dropout of(double rate) {
        return new Dropout(null, rate);
    }

    @Override
    public Dropout withName(String name) {
        return new Dropout(name, rate);
    }

    @Override
    public LayerBuild build(Shape inputShape) {
        if (inputShape.rank() < 2 || !inputShape.dropFirst().isFullyKnown()) {
            throw new IllegalArgumentException("Dropout takes inputs shaped (batch, ...) with known sizes, got "
                    + inputShape);
        }
        List<NoiseSpec> noise = rate > 0 ? List.of(new NoiseSpec("mask", inputShape.dropFirst(), rate)) : List.of();
        return new LayerBuild(inputShape, List.of(), noise);
    }

    @Override
    public Tensor call(Ops ops, Tensor input, Weights weights, CallContext context) {
        return context.noise().isEmpty() ? input : ops.multiply(input, context.noise().get(0));
    }
}
