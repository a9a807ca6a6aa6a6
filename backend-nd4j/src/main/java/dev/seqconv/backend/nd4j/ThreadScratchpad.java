package dev.seqconv.backend.nd4j;

import java.nio.ByteBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Each thread's scratchpad for oneDNN primitives made in {@code scratchpad_mode::user}: one native buffer per
 * thread, grown to the largest size asked for and reused by every call on that thread, so that two threads
 * executing the same shared primitive never share temporary memory. The buffer is a direct {@link ByteBuffer},
 * owned by the garbage collector rather than by a JavaCPP {@code PointerScope}: it outlives any call's scope and
 * is freed after its thread ends.
 */
final class ThreadScratchpad {

    /** oneDNN's alignment for memory it is handed. */
    private static final int ALIGNMENT = 64;

    private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(() -> Buffer.of(ALIGNMENT));

    /** A direct buffer and oneDNN's pointer onto it. */
    private record Buffer(ByteBuffer bytes, Pointer pointer) {

        static Buffer of(int capacity) {
            ByteBuffer bytes = ByteBuffer.allocateDirect(capacity + ALIGNMENT).alignedSlice(ALIGNMENT);
            return new Buffer(bytes, new BytePointer(bytes));
        }
    }

    private ThreadScratchpad() {
    }

    /** The calling thread's scratchpad, at least {@code bytes} long. */
    static Pointer atLeast(long bytes) {
        Buffer buffer = BUFFERS.get();
        if (buffer.bytes().capacity() < bytes) {
            buffer = Buffer.of(Math.toIntExact(Math.max(bytes, 2L * buffer.bytes().capacity())));
            BUFFERS.set(buffer);
        }
        return buffer.pointer();
    }
}
