package dev.seqconv.datasets.imdb;

import java.io.Serializable;

/**
 * The arguments of Keras's {@code imdb.load_data}, with its defaults.
 *
 * @param numWords  keep the {@code numWords − 1} most useful ids: ids {@code >= numWords} become {@code oovChar};
 *                  0 keeps every word
 * @param skipTop   ids below it (the most frequent words) become {@code oovChar}
 * @param seed      the seed of the shuffles of the training and test reviews
 * @param startChar the id put at the start of every sequence (1)
 * @param oovChar   the id of words cut out or absent from the index (2)
 * @param indexFrom the offset of word ranks: the word of rank r gets id {@code r + indexFrom} (3)
 */
public record ImdbOptions(int numWords, int skipTop, long seed, int startChar, int oovChar, int indexFrom)
        implements Serializable {

    public ImdbOptions {
        if (numWords < 0 || skipTop < 0 || startChar < 0 || oovChar < 0 || indexFrom < 0) {
            throw new IllegalArgumentException("IMDB options must not be negative: " + this);
        }
        if (numWords > 0 && (startChar >= numWords || oovChar >= numWords)) {
            throw new IllegalArgumentException("numWords " + numWords + " must exceed startChar and oovChar");
        }
    }

    /** {@code load_data(num_words=numWords)}: the chapter's call, with {@code numWords = 10000}. */
    public static ImdbOptions numWords(int numWords) {
        return new ImdbOptions(numWords, 0, 113, 1, 2, 3);
    }

    /** Every word, Keras's other defaults. */
    public static ImdbOptions defaults() {
        return numWords(0);
    }
}
