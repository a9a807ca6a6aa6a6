package dev.seqconv.spark;

import java.io.Serializable;

/**
 * How one cell of a raw-text column becomes token ids, on the executors: a tokenizer and a vocabulary, e.g.
 * Keras's {@code Tokenizer} with a word index. {@link FeatureColumn#text} pads and truncates the ids to the model's
 * length afterwards. It travels to the executors with the column, so what it holds must be serializable (a lambda
 * assigned to this type is, if what it captures is).
 */
@FunctionalInterface
public interface TextEncoder extends Serializable {

    /** The token ids of {@code text}, in order, of any length. */
    int[] encode(String text);
}
