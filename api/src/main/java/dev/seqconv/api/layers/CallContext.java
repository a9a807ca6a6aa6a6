package dev.seqconv.api.layers;

import dev.seqconv.api.ops.Tensor;
import java.util.List;

/**
 * What a layer may need to know about the call it is part of.
 *
 * @param training whether this is a training step (dropout on) rather than evaluation or prediction
 * @param noise    in training, this layer's dropout masks, {@code (batch, ...)} each, in the order its
 *                 {@link LayerBuild#noise()} declared them; empty otherwise
 */
public record CallContext(boolean training, List<Tensor> noise) {

    public CallContext {
        noise = List.copyOf(noise);
        if (!training && !noise.isEmpty()) {
            throw new IllegalArgumentException("Dropout masks are for training calls only");
        }
    }

    /** An evaluation or prediction call: no dropout. */
    public static CallContext inference() {
        return new CallContext(false, List.of());
    }

    /** A training call with these masks. */
    public static CallContext training(List<Tensor> noise) {
        return new CallContext(true, noise);
    }
}
