package dev.seqconv.api.network;

import java.util.Locale;

/**
 * Checks that an allocation on the Java heap can succeed before it is made, so that a model too large for the
 * heap is refused with the size it needs and the fix instead of an {@link OutOfMemoryError}. (What an engine
 * allocates outside the heap is {@link MemoryEstimate}'s.)
 */
final class HostMemory {

    private HostMemory() {
    }

    /**
     * @param bytes what the allocation needs
     * @param what  names it in the message, e.g. {@code The model's 2,000,000,000 weights}
     * @throws IllegalArgumentException if this JVM's heap cannot give {@code bytes}, even after a collection
     */
    static void requireHeap(long bytes, String what) {
        Runtime runtime = Runtime.getRuntime();
        if (bytes <= available(runtime)) {
            return;
        }
        System.gc(); // the heap in use counts garbage: collect once before refusing
        requireHeap(bytes, what, available(runtime), runtime.maxMemory());
    }

    /** The check with the heap's figures given, as a test gives them. */
    static void requireHeap(long bytes, String what, long availableBytes, long maxBytes) {
        if (bytes > availableBytes) {
            long suggested = suggestedGigabytes(bytes, maxBytes - availableBytes);
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s need %.1f GB of Java heap, more than "
                    + "the %.1f GB this JVM can still allocate (its maximum heap is %.1f GB): give Java more memory "
                    + "(java -Xmx%dg; for ./seqconv, SEQCONV_JAVA_OPTS=-Xmx%dg) or make the model smaller", what,
                    bytes / 1e9, availableBytes / 1e9, maxBytes / 1e9, suggested, suggested));
        }
    }

    private static long available(Runtime runtime) {
        return runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
    }

    /** A heap that holds {@code bytes} besides what is in use now, with a quarter to spare, in whole GiB. */
    private static long suggestedGigabytes(long bytes, long inUse) {
        return (long) Math.ceil((bytes + inUse) * 1.25 / (1L << 30));
    }
}
