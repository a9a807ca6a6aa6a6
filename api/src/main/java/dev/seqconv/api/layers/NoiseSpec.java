package dev.seqconv.api.layers;

import dev.seqconv.api.ndarray.Shape;

/**
 * A dropout mask a layer needs in training: one per sample, of {@code sampleShape}, each entry
 * {@code 1 / (1 − rate)} with probability {@code 1 − rate} and 0 otherwise — Keras's
 * {@code dropout(ones_like(x), rate)}. Masks are drawn on the host from the model's seed and fed to the engine,
 * so that every backend sees the same masks.
 *
 * @param name        its name within the layer, e.g. {@code input_mask_z}
 * @param sampleShape the shape of one sample's mask
 * @param rate        the fraction dropped, in {@code (0, 1)}
 */
public record NoiseSpec(String name, Shape sampleShape, double rate) {

    public NoiseSpec {
        if (!(rate > 0 && rate < 1)) {
            throw new IllegalArgumentException("A dropout rate must be in (0, 1), got " + rate);
        }
    }
}
