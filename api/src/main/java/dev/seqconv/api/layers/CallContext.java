package dev.seqconv.api.layers;

/**
 * What a layer may need to know about the call it is part of.
 *
 * @param training whether this is a training step (dropout on) rather than evaluation or prediction
 */
public record CallContext(boolean training) {
}
