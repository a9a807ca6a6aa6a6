package dev.seqconv.api.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.function.Function;

/**
 * Decompressed data with a ceiling: once a stream has given more bytes than the data it should hold could
 * ever have, reading it fails with an exception of the caller's type naming the file, the size reached and the
 * limit. A damaged or hostile archive (a few kilobytes that inflate to gigabytes of zeros) is thus refused with a
 * sentence before it exhausts the heap or the disk, instead of with an {@link OutOfMemoryError} or a full disk.
 */
public final class DecompressionLimit extends FilterInputStream {

    private final long limit;
    private final String source;
    private final String expected;
    private final Function<String, ? extends RuntimeException> failure;
    private long count;

    /**
     * @param in       the decompressing stream
     * @param limit    the most bytes it may give
     * @param source   names the data in messages, e.g. the file
     * @param expected what the real data holds and what to do, e.g. {@code the aclImdb v1 splits hold about 33 MB;
     *                 restore it}
     * @param failure  the exception to throw, from its message (e.g. the caller's file-format exception)
     */
    public DecompressionLimit(InputStream in, long limit, String source, String expected,
                              Function<String, ? extends RuntimeException> failure) {
        super(in);
        this.limit = limit;
        this.source = source;
        this.expected = expected;
        this.failure = failure;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        counted(skipped);
        return skipped;
    }

    private void counted(long n) {
        count += n;
        if (count > limit) {
            throw failure.apply(String.format(Locale.ROOT, "%s decompresses to more than %,d bytes (%,d "
                    + "read so far), far beyond the data it should hold: %s", source, limit, count, expected));
        }
    }
}
