package dev.seqconv.datasets.imdb;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.datasets.text.Sequences;

/**
 * One split as Keras's {@code load_data} returns it: a list of id sequences and their 0/1 labels, shuffled.
 *
 * @param sequences   token ids, each starting with the start mark
 * @param labels      1 for a positive review, 0 for a negative one
 * @param words       the number of words in the reviews
 * @param knownWords  how many of them the word index has
 */
public record TokenizedReviews(int[][] sequences, float[] labels, long words, long knownWords) {

    public int size() {
        return sequences.length;
    }

    /** The inputs for a model: {@code pad_sequences(sequences, maxlen=maxLen)}, shape {@code (samples, maxLen)}. */
    public NdArray x(int maxLen) {
        return Sequences.pad(sequences, maxLen);
    }

    /** The targets, shape {@code (samples)}. */
    public NdArray y() {
        return NdArray.ofFloats(Shape.of(labels.length), labels);
    }

    /** The share of words the word index has: 99.9996 % of the training split's, from which it was built. */
    public double coverage() {
        return (double) knownWords / words;
    }

    /** The mean number of ids per sequence, start mark included (Keras: 238.71 for the training split). */
    public double meanLength() {
        long total = 0;
        for (int[] s : sequences) {
            total += s.length;
        }
        return (double) total / sequences.length;
    }
}
