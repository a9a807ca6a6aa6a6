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

    private static final ThreadLocal<ByteBuffer> BUFFERS = ThreadLocal.withInitial(() -> allocate(ALIGNMENT));

    private ThreadScratchpad() {
    }

    /** The calling thread's scratchpad, at least {@code bytes} long (a fresh pointer onto it for each call). */
    static Pointer atLeast(long bytes) {
        ByteBuffer buffer = BUFFERS.get();
        if (buffer.capacity() < bytes) {
            buffer = allocate(Math.toIntExact(Math.max(bytes, 2L * buffer.capacity())));
            BUFFERS.set(buffer);
        }
        return new BytePointer(buffer);
    }

    private static ByteBuffer allocate(int bytes) {
        return ByteBuffer.allocateDirect(bytes + ALIGNMENT).alignedSlice(ALIGNMENT);
    }
}
