package dev.seqconv.backend.nd4j;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_0;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_1;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.binary;
import org.bytedeco.dnnl.eltwise_backward;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.global.dnnl.scratchpad_mode;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The oneDNN primitives of one kernel geometry (its shapes), built once, kept in a {@link OneDnnCache} and shared by
 * every model and thread that has that geometry. oneDNN allows that only with {@code scratchpad_mode::user}: in its
 * default mode a primitive's temporary buffers are the library's, shared, and a primitive may not run on two threads
 * at once (doing so gave other models' numbers and a spin-wait in a kernel gradient, issue 11). So every primitive
 * is made in user mode ({@link #USER_SCRATCHPAD}) and each execution gets the calling thread's own scratchpad
 * ({@link ThreadScratchpad#PRIMITIVES}) and stream.
 *
 * <p>What a call binds (oneDNN's memory objects for its arrays and the scratchpad, the argument maps) is made once
 * per thread ({@link PerThread}) and pointed at each call's arrays, so a call allocates nothing: at batch 1 the
 * per-call allocations (each JavaCPP allocation reads the process's resident size) had cost 150-330 µs a
 * convolution, more than the arithmetic. A thread's bindings are kept here, not in a {@code ThreadLocal}: a
 * thread-local value that refers to its own key is never dropped, which kept every geometry ever evicted alive for
 * the thread's life (issue 25). Those of threads that ended are freed when another thread first binds.
 *
 * <p>The native objects made with the primitives, and every thread's bindings, are freed together once the cache
 * has dropped the geometry and its last call has ended ({@link #release}).
 */
abstract class OneDnnPrimitives {

    static final engine ENGINE = new engine(engine.kind.cpu, 0);
    /** Streams must be made outside any {@code PointerScope}: one made inside was freed with it. */
    private static final ThreadLocal<stream> STREAMS = ThreadLocal.withInitial(() -> new stream(ENGINE));
    /** Every primitive here takes its scratchpad from the caller, which makes sharing it between threads safe. */
    static final primitive_attr USER_SCRATCHPAD = userScratchpad();

    /** Every kind of per-thread bindings made for these primitives, freed with them. */
    private final List<PerThread<?>> bindingKinds = new ArrayList<>();
    /** The native objects made with the primitives; set once by the cache that made them. */
    private PointerScope natives;
    /** Calls between the cache's acquire and {@link #release}; guarded by this. */
    private int users;
    /** Whether the cache dropped this geometry; guarded by this. */
    private boolean evicted;

    /** The multiply-adds (or comparisons) of one pass, which decide whether it gets OpenMP's team. */
    abstract long work();

    /** The largest scratchpad any of the primitives asks for. */
    abstract long scratchpadBytes();

    /** Ends a call that {@link OneDnnCache#acquire} began; the last call of an evicted geometry frees it. */
    final synchronized void release() {
        users--;
        if (users == 0 && evicted) {
            free();
        }
    }

    /** Counts a call that {@link OneDnnCache#acquire} began. */
    final synchronized void acquired() {
        users++;
    }

    /** Takes the native objects made with the primitives, to free them with the primitives. */
    final synchronized void own(PointerScope made) {
        natives = made;
    }

    /** Marks the primitives dropped by their cache, freeing them now if no call uses them. */
    final synchronized void evict() {
        evicted = true;
        if (users == 0) {
            free();
        }
    }

    private void free() {
        bindingKinds.forEach(PerThread::free);
        natives.deallocate();
    }

    /** Each thread's bindings of one kind, made by {@code make} with the thread's stream on its first call. */
    final <B> PerThread<B> perThread(Function<stream, B> make) {
        PerThread<B> bindings = new PerThread<>(make);
        bindingKinds.add(bindings);
        return bindings;
    }

    /** Each thread's bindings of one kind, freed with the primitives. */
    static final class PerThread<B> {

        private final Map<Thread, Owned<B>> bindings = new ConcurrentHashMap<>();
        private final Function<stream, B> make;

        private PerThread(Function<stream, B> make) {
            this.make = make;
        }

        /** The calling thread's bindings, made on its first call; making them frees those of threads that ended. */
        B get() {
            Thread thread = Thread.currentThread();
            Owned<B> owned = bindings.get(thread);
            if (owned == null) {
                for (Map.Entry<Thread, Owned<B>> other : bindings.entrySet()) {
                    if (!other.getKey().isAlive() && bindings.remove(other.getKey(), other.getValue())) {
                        other.getValue().natives().deallocate();
                    }
                }
                stream stream = STREAMS.get();
                owned = Owned.make(() -> make.apply(stream));
                bindings.put(thread, owned);
            }
            return owned.value();
        }

        private void free() {
            bindings.values().forEach(b -> b.natives().deallocate());
            bindings.clear();
        }
    }

    /** What a pass runs on the calling thread's bindings {@code B} and scratchpad to write its result {@code out}. */
    interface Pass<B> {
        void run(B bindings, Pointer scratchpad, INDArray out);
    }

    /**
     * Makes the float result of {@code shape} and runs {@code pass} on the calling thread's bindings, alone or with
     * OpenMP's team as its {@link #work} merits.
     */
    final <B> INDArray pass(PerThread<B> perThread, Pass<B> pass, long... shape) {
        INDArray out = CallArrays.uninitialized(DataType.FLOAT, shape);
        B bindings = perThread.get();
        return KernelThreads.sized(work(), () -> {
            pass.run(bindings, ThreadScratchpad.PRIMITIVES.atLeast(scratchpadBytes()), out);
            return out;
        });
    }

    /** The largest scratchpad of {@code primitives} (nulls skipped). */
    static long largestScratchpad(Primitive... primitives) {
        return Stream.of(primitives).filter(p -> p != null).mapToLong(Primitive::scratchpadBytes).max().orElse(0);
    }

    /** A value and the native objects made with it, which live until {@code natives.deallocate()}. */
    record Owned<T>(T value, PointerScope natives) {

        /** Makes a value, keeping the JavaCPP objects made on this thread meanwhile (freed at once if it fails). */
        static <T> Owned<T> make(Supplier<T> maker) {
            PointerScope natives = new PointerScope();
            try {
                T value = maker.get();
                natives.extend();
                return new Owned<>(value, natives);
            } finally {
                natives.close();
            }
        }
    }

    /** A primitive made in user scratchpad mode, with the scratchpad layout it asks for. */
    record Primitive(primitive primitive, memory.desc scratchpad) {

        long scratchpadBytes() {
            return scratchpad.get_size();
        }
    }

    /** A primitive's argument {@code id} ({@code DNNL_ARG_...}). */
    record Argument(int id, memory value) {
    }

    /**
     * A primitive bound on one thread to its stream and to a memory object per argument (and the scratchpad),
     * gathered once into oneDNN's argument map.
     */
    static final class Binding {

        private final stream stream;
        private final primitive primitive;
        private final memory[] arguments;
        private final memory scratchpad;
        private final IntMemoryMap map = new IntMemoryMap();

        Binding(stream stream, Primitive primitive, Argument... arguments) {
            this.stream = stream;
            this.primitive = primitive.primitive();
            this.arguments = Stream.of(arguments).map(Argument::value).toArray(memory[]::new);
            scratchpad = new memory(primitive.scratchpad(), ENGINE, (Pointer) null);
            for (Argument argument : arguments) {
                map.put(argument.id(), argument.value());
            }
            map.put(DNNL_ARG_SCRATCHPAD, scratchpad);
        }

        /**
         * Executes with {@code data[i]} as argument {@code i}'s memory (a null keeps the memory the binding owns)
         * and the calling thread's scratchpad, and waits for the result.
         */
        void run(Pointer scratchpadData, Pointer... data) {
            for (int i = 0; i < data.length; i++) {
                if (data[i] != null) {
                    arguments[i].set_data_handle(data[i]);
                }
            }
            scratchpad.set_data_handle(scratchpadData);
            primitive.execute(stream, map);
            stream._wait();
        }
    }

    /**
     * ReLU's backward computed from its output, on tensors of layout {@code desc}: {@code ∂z = ∂y where y > 0, else 0}
     * (arguments {@code DNNL_ARG_DST} y, {@code DNNL_ARG_DIFF_DST} ∂y, {@code DNNL_ARG_DIFF_SRC} ∂z).
     */
    static Primitive reluGradient(memory.desc desc) {
        eltwise_forward.primitive_desc hint = new eltwise_forward.primitive_desc(ENGINE, prop_kind.forward_training,
                algorithm.eltwise_relu_use_dst_for_bwd, desc, desc, 0f, 0f, USER_SCRATCHPAD, false);
        eltwise_backward.primitive_desc backward = new eltwise_backward.primitive_desc(ENGINE,
                algorithm.eltwise_relu_use_dst_for_bwd, desc, desc, desc, 0f, 0f, hint, USER_SCRATCHPAD, false);
        return new Primitive(new eltwise_backward(backward), backward.scratchpad_desc());
    }

    /** oneDNN's binary primitive {@code out = a ∘ b} ({@code kind}), {@code b} broadcast along its axes of size 1. */
    static Primitive binary(algorithm kind, memory.desc a, memory.desc b, memory.desc out) {
        binary.primitive_desc desc = new binary.primitive_desc(ENGINE, kind, a, b, out, USER_SCRATCHPAD, false);
        return new Primitive(new binary(desc), desc.scratchpad_desc());
    }

    /** A {@link #binary} primitive bound on one thread, its arguments {@code a}, {@code b}, {@code out} in that order. */
    static Binding binaryBinding(stream stream, Primitive primitive, memory.desc a, memory.desc b, memory.desc out) {
        return new Binding(stream, primitive, new Argument(DNNL_ARG_SRC_0, unbound(a)),
                new Argument(DNNL_ARG_SRC_1, unbound(b)), new Argument(DNNL_ARG_DST, unbound(out)));
    }

    private static primitive_attr userScratchpad() {
        primitive_attr attributes = new primitive_attr();
        attributes.set_scratchpad_mode(scratchpad_mode.user);
        return attributes;
    }

    /** The address of a dense row-major copy of {@code array}, after checking that it fills {@code desc}. */
    static Pointer data(memory.desc desc, INDArray array) {
        INDArray dense = DenseArrays.contiguous(array);
        if (desc.get_size() != dense.length() * dense.dataType().width()) {
            throw new IllegalStateException("oneDNN: an array of " + dense.shapeInfoToString()
                    + " does not match the primitive's " + desc.get_size() + " bytes");
        }
        return new Pointer(dense.data().addressPointer());
    }

    /** A memory object of layout {@code desc} pointing nowhere yet: each call points it at its array. */
    static memory unbound(memory.desc desc) {
        return new memory(desc, ENGINE, (Pointer) null);
    }

    /** A float32 descriptor of oneDNN's dimensions {@code (N, C, W)} (or {@code (O, I, W)}) in {@code layout}. */
    static memory.desc desc(memory.format_tag layout, long... dims) {
        return new memory.desc(dims, memory.data_type.f32, layout);
    }
}
