package dev.seqconv.backend.nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The arrays one compiled function's calls on one thread take for the kernels' results, kept from call to call. A
 * function runs the same kernels in the same order at every call, so the k-th array a call asks for is, as a rule,
 * of the type and shape of the previous call's k-th, and handing that one back spares what a new ND4J array costs:
 * a native buffer and ND4J's bookkeeping of it (its registration with the deallocator, for which commons-lang3 builds
 * a {@code SecureRandom}, and its release later), 120-260 arrays a training step of the chapter's networks, and the
 * Java that the JIT would otherwise compile in the first steps.
 *
 * <p>Views, an array seen with another shape on its buffer ({@link #view}), are kept the same way: the k-th view a
 * call asks for is the last call's k-th when it is of the same array object and shape.
 *
 * <p>A slot hands back its array only for a request of the same type and shape, so no request ever gets an array
 * of another shape, and no two requests of one call share a slot. When a slot's requests change, it serves them
 * from ND4J as before (in the workspace active on the thread, if any) and takes the new shape as its own once two
 * calls running ask for it: shapes that alternate (an epoch's shorter last batch, requests of varying sizes) cost
 * what they cost without this.
 *
 * <p>The arrays are detached (outside ND4J's workspaces), so their values survive until the same function's next
 * call on the thread takes them again: whatever a call returns or keeps must be copied out before then, as the
 * executor does (outputs to the host, assignments into the variables). Not thread-safe: each thread has its own.
 */
final class CallArrays implements AutoCloseable {

    private static final ThreadLocal<CallArrays> ACTIVE = new ThreadLocal<>();

    private final List<Slot> slots = new ArrayList<>();
    private final List<View> views = new ArrayList<>();
    private int taken;
    private int viewed;
    private boolean active;

    /** The scope of one call: the arrays stay the thread's until it closes. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * An uninitialized row-major array of {@code type} and {@code shape}: the active call's (see {@link #activate})
     * if the thread is in one, else a new one from ND4J, in the workspace active on the thread if any.
     */
    static INDArray uninitialized(DataType type, long... shape) {
        CallArrays arrays = ACTIVE.get();
        return arrays == null ? Nd4j.createUninitialized(type, shape) : arrays.take(type, shape);
    }

    /**
     * {@code array} seen with another {@code shape} on the same buffer: the view the active call's function made at
     * this point of its last call, when that was of the same array object (a call's array of {@link CallArrays}, a
     * variable) and shape, else {@code make}'s, kept for the next call. A new ND4J array costs its Java and a
     * registration with ND4J's deallocator even when it only views another's buffer.
     */
    static INDArray view(INDArray array, long[] shape, Supplier<INDArray> make) {
        CallArrays arrays = ACTIVE.get();
        return arrays == null ? make.get() : arrays.viewOf(array, shape, make);
    }

    /**
     * Makes these the calling thread's arrays for one call, from its first slot, until the scope closes.
     *
     * @throws IllegalStateException if a call of the same function is already running on this thread
     */
    Scope activate() {
        if (active) {
            throw new IllegalStateException("A function's call started while another call of it was running on the "
                    + "same thread; its kernels' arrays would be shared");
        }
        CallArrays previous = ACTIVE.get();
        active = true;
        taken = 0;
        viewed = 0;
        ACTIVE.set(this);
        return () -> {
            active = false;
            if (previous == null) {
                ACTIVE.remove();
            } else {
                ACTIVE.set(previous);
            }
        };
    }

    private INDArray take(DataType type, long[] shape) {
        if (taken == slots.size()) {
            slots.add(new Slot());
        }
        return slots.get(taken++).take(type, shape);
    }

    private INDArray viewOf(INDArray array, long[] shape, Supplier<INDArray> make) {
        int at = viewed++;
        if (at == views.size()) {
            views.add(null);
        }
        View last = views.get(at);
        if (last == null || last.of() != array || !Arrays.equals(last.shape(), shape)) {
            last = new View(array, shape.clone(), make.get());
            views.set(at, last);
        }
        return last.view();
    }

    /** Frees every array kept; may be called from any thread, when no call is running. */
    @Override
    public void close() {
        slots.forEach(Slot::free);
        slots.clear();
        views.clear();
    }

    /** A view made in a call: of which array object, with which shape. */
    private record View(INDArray of, long[] shape, INDArray view) {
    }

    /** One position in a call's sequence of requests. */
    private static final class Slot {

        private INDArray array;
        private DataType type;
        private long[] shape;
        /** The request of the slot's last call, where it was not the array's type and shape. */
        private DataType pendingType;
        private long[] pendingShape;

        INDArray take(DataType wanted, long[] wantedShape) {
            if (array != null && wanted == type && Arrays.equals(wantedShape, shape)) {
                pendingType = null;
                pendingShape = null;
                return array;
            }
            boolean adopt = array == null || (wanted == pendingType && Arrays.equals(wantedShape, pendingShape));
            if (!adopt || isEmpty(wantedShape)) {
                pendingType = wanted;
                pendingShape = wantedShape.clone();
                return Nd4j.createUninitialized(wanted, wantedShape);
            }
            free();
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                array = Nd4j.createUninitialized(wanted, wantedShape);
            }
            type = wanted;
            shape = wantedShape.clone();
            pendingType = null;
            pendingShape = null;
            return array;
        }

        private static boolean isEmpty(long[] shape) {
            for (long d : shape) {
                if (d == 0) {
                    return true;
                }
            }
            return false;
        }

        void free() {
            if (array != null) {
                array.close();
                array = null;
            }
        }
    }
}
