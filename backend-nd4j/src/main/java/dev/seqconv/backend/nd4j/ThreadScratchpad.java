package dev.seqconv.backend.nd4j;

import java.nio.ByteBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Native scratch memory of one use, a buffer per thread, grown to the largest size asked for and reused by every
 * call on that thread. The buffer is a direct {@link ByteBuffer}, owned by the garbage collector rather than by a
 * JavaCPP {@code PointerScope}: it outlives any call's scope (a JavaCPP allocation made inside a caller's scope is
 * freed with it) and is freed after its thread ends. Each use has its own instance, so that one use's call never
 * finds another's data in it.
 */
final class ThreadScratchpad {

    /**
     * The scratchpad of oneDNN primitives made in {@code scratchpad_mode::user}: two threads executing the same
     * shared primitive never share temporary memory.
     */
    static final ThreadScratchpad PRIMITIVES = new ThreadScratchpad();

    /** oneDNN's alignment for memory it is handed. */
    private static final int ALIGNMENT = 64;

    private final ThreadLocal<Buffer> buffers = ThreadLocal.withInitial(() -> Buffer.of(ALIGNMENT));

    /** A direct buffer and oneDNN's pointer onto it. */
    private record Buffer(ByteBuffer bytes, Pointer pointer) {

        static Buffer of(int capacity) {
            ByteBuffer bytes = ByteBuffer.allocateDirect(capacity + ALIGNMENT).alignedSlice(ALIGNMENT);
            return new Buffer(bytes, new BytePointer(bytes));
        }
    }

    /** The calling thread's buffer, at least {@code bytes} long. */
    Pointer atLeast(long bytes) {
        Buffer buffer = buffers.get();
        if (buffer.bytes().capacity() < bytes) {
            buffer = Buffer.of(Math.toIntExact(Math.max(bytes, 2L * buffer.bytes().capacity())));
            buffers.set(buffer);
        }
        return buffer.pointer();
    }
}
