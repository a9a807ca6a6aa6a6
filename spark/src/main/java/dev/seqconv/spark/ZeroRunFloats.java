package dev.seqconv.spark;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The wire form of a range of floats without its runs of exact {@code +0.0}: segments of {@code (v, values.., z)},
 * {@code v} floats as they are then {@code z} zeros, until the range's count is reached; counts and floats
 * little-endian ({@link #ORDER}, x86's and ARM's own, so floats travel by bulk copies, unswapped). An Embedding row no
 * id of a shard touches is such a run in the shard's gradients (42 % of the IMDB network's floats for a shard of 256
 * reviews, {@code docs/scaling.md}). Only bit pattern 0 counts as zero, and the reader restores it as {@code +0.0},
 * so every float arrives with its bits, {@code −0.0} included. Runs shorter than {@link #MIN_RUN} travel as values,
 * so the counts add at most 8 bytes per 64 bytes of zeros left out.
 */
final class ZeroRunFloats {

    static final int MIN_RUN = 16;
    /** The byte order of the counts and floats. */
    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private ZeroRunFloats() {
    }

    /** The most bytes {@link #write} puts for {@code count} floats. */
    static int maxBytes(int count) {
        return 4 * count + 8 * (count / MIN_RUN + 1);
    }

    /**
     * Puts {@code values[from, to)} into {@code bytes} (of order {@link #ORDER}, room for {@link #maxBytes}): each
     * maximal run of at least {@link #MIN_RUN} zeros, and a run of any length that ends the range, as a count. A run
     * that long covers one float in every {@link #MIN_RUN}/2, so the scan reads only those, widening each zero it
     * meets to its run.
     */
    static void write(ByteBuffer bytes, float[] values, int from, int to) {
        int stride = MIN_RUN / 2;
        int literal = from;
        int probe = from + stride - 1;
        while (probe < to) {
            if (Float.floatToRawIntBits(values[probe]) != 0) {
                probe += stride;
                continue;
            }
            int start = probe;
            while (start > literal && Float.floatToRawIntBits(values[start - 1]) == 0) {
                start--;
            }
            int end = probe + 1;
            while (end < to && Float.floatToRawIntBits(values[end]) == 0) {
                end++;
            }
            if (end - start >= MIN_RUN || end == to) {
                putSegment(bytes, values, literal, start, end - start);
                literal = end;
            }
            probe = end + stride;
        }
        int tail = to;
        while (tail > literal && Float.floatToRawIntBits(values[tail - 1]) == 0) {
            tail--;
        }
        if (literal < to) {
            putSegment(bytes, values, literal, tail, to - tail);
        }
    }

    private static void putSegment(ByteBuffer bytes, float[] values, int from, int to, int zeros) {
        bytes.putInt(to - from);
        bytes.asFloatBuffer().put(values, from, to - from);
        bytes.position(bytes.position() + 4 * (to - from));
        bytes.putInt(zeros);
    }

    /** Reads into {@code into[at, at + count)} the floats that {@link #write} put into {@code bytes}. */
    static void read(ByteBuffer bytes, float[] into, int at, int count) throws IOException {
        int end = at + count;
        while (at < end) {
            int literal = bytes.getInt();
            if (literal < 0 || literal > end - at) {
                throw new IOException(literal + " values announced with " + (end - at) + " left to read");
            }
            bytes.asFloatBuffer().get(into, at, literal);
            bytes.position(bytes.position() + 4 * literal);
            at += literal;
            int zeros = bytes.getInt();
            if (zeros < 0 || zeros > end - at) {
                throw new IOException(zeros + " zeros announced with " + (end - at) + " left to read");
            }
            Arrays.fill(into, at, at + zeros, 0f);
            at += zeros;
        }
    }
}
