package dev.seqconv.datasets.text;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;

/** Keras's {@code pad_sequences}: token-id sequences of any length made into one {@code (samples, maxLen)} array. */
public final class Sequences {

    /** Which end of a sequence padding is added to, or truncation removes from. */
    public enum Side {
        /** The start of the sequence: Keras's {@code 'pre'}, its default. */
        PRE,
        /** The end of the sequence: Keras's {@code 'post'}. */
        POST
    }

    private Sequences() {
    }

    /** {@code pad_sequences(sequences, maxlen=maxLen)}: pad and truncate at the start, pad with 0. */
    public static NdArray pad(int[][] sequences, int maxLen) {
        return pad(sequences, maxLen, Side.PRE, Side.PRE, 0);
    }

    /**
     * Each sequence cut to its last ({@link Side#PRE} truncation) or first ({@link Side#POST}) {@code maxLen}
     * ids, then filled up with {@code value} before ({@link Side#PRE} padding) or after it.
     *
     * @param maxLen the length of every row; a value {@code <= 0} means the longest sequence's length
     */
    public static NdArray pad(int[][] sequences, int maxLen, Side padding, Side truncating, int value) {
        int length = maxLen > 0 ? maxLen : longest(sequences);
        int[] out = new int[Math.multiplyExact(sequences.length, length)];
        java.util.Arrays.fill(out, value);
        for (int s = 0; s < sequences.length; s++) {
            int[] seq = sequences[s];
            int kept = Math.min(seq.length, length);
            int from = truncating == Side.PRE ? seq.length - kept : 0;
            int to = s * length + (padding == Side.PRE ? length - kept : 0);
            System.arraycopy(seq, from, out, to, kept);
        }
        return NdArray.wrapInts(Shape.of(sequences.length, length), out);
    }

    private static int longest(int[][] sequences) {
        int longest = 0;
        for (int[] s : sequences) {
            longest = Math.max(longest, s.length);
        }
        if (longest == 0) {
            throw new IllegalArgumentException("No maxLen given and every sequence is empty");
        }
        return longest;
    }
}
