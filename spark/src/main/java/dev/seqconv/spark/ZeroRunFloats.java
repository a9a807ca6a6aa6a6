package dev.seqconv.spark;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * The wire form of a range of floats without its runs of exact {@code +0.0}: segments of {@code (v, values.., z)},
 * {@code v} floats as they are then {@code z} zeros, until the range's count is reached. An Embedding row no id of a
 * shard touches is such a run in the shard's gradients (42 % of the IMDB network's floats for a shard of 256
 * reviews, {@code docs/scaling.md}). Only bit pattern 0 counts as zero, and the reader restores it as {@code +0.0},
 * so every float arrives with its bits, {@code −0.0} included. Runs shorter than {@link #MIN_RUN} travel as values,
 * so the counts add at most 8 bytes per 64 bytes of zeros left out.
 */
final class ZeroRunFloats {

    static final int MIN_RUN = 16;

    private ZeroRunFloats() {
    }

    /** Writes {@code values[from, to)}. */
    static void write(DataOutputStream stream, float[] values, int from, int to) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(4 * (to - from) + 8 * ((to - from) / MIN_RUN + 1));
        int at = from;
        while (at < to) {
            int zeros = at;
            int end = at;
            while (zeros < to) {
                if (Float.floatToRawIntBits(values[zeros]) != 0) {
                    zeros++;
                    continue;
                }
                end = zeros;
                while (end < to && Float.floatToRawIntBits(values[end]) == 0) {
                    end++;
                }
                if (end - zeros >= MIN_RUN || end == to) {
                    break;
                }
                zeros = end;
            }
            end = Math.max(end, zeros);
            bytes.putInt(zeros - at);
            bytes.asFloatBuffer().put(values, at, zeros - at);
            bytes.position(bytes.position() + 4 * (zeros - at));
            bytes.putInt(end - zeros);
            at = end;
        }
        stream.write(bytes.array(), 0, bytes.position());
    }

    /** Reads {@code count} floats that {@link #write} wrote. */
    static float[] read(DataInputStream stream, int count) throws IOException {
        float[] values = new float[count];
        byte[] bytes = new byte[0];
        int at = 0;
        while (at < count) {
            int literal = stream.readInt();
            if (literal < 0 || literal > count - at) {
                throw new IOException(literal + " values announced with " + (count - at) + " left to read");
            }
            if (bytes.length < 4 * literal) {
                bytes = new byte[4 * literal];
            }
            stream.readFully(bytes, 0, 4 * literal);
            FloatBuffer floats = ByteBuffer.wrap(bytes, 0, 4 * literal).asFloatBuffer();
            floats.get(values, at, literal);
            at += literal;
            int zeros = stream.readInt();
            if (zeros < 0 || zeros > count - at) {
                throw new IOException(zeros + " zeros announced with " + (count - at) + " left to read");
            }
            at += zeros;
        }
        return values;
    }
}
