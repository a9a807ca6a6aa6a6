package dev.seqconv.backend.nd4j;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;

import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.FloatPointer;

/**
 * A recurrent cell's gate activations on oneDNN's vectorised element-wise kernels, in place on heap arrays: the
 * logistic sigmoid {@code σ(x) = 1 / (1 + e^{−x})} of {@code 2·size} values (a GRU's update and reset gates, one call
 * for both) and {@code tanh x} of {@code size} values (its candidate), for one slice of a batch and one time step, on
 * the calling thread alone (a slice's work is a few thousand values). Each thread copies the values into a native
 * buffer of its own, runs the kernel there and copies them back.
 *
 * <p>As a Java loop, {@code (float) Math.exp} cost 10-16 ns a value, 0.9 M values a training step of the chapter's
 * Conv1D+GRU network at batch 128, and ran as the interpreter's or C1's code for its first steps; oneDNN's kernels
 * are native code from the first call, within a few float ulps of the exponential form.
 */
final class OneDnnGateActivations extends OneDnnPrimitives {

    /** Slice sizes kept (a batch cut into slices of one or two sizes per model and batch size). */
    static final int CACHED = 16;
    private static final OneDnnCache<Integer, OneDnnGateActivations> PRIMITIVES = new OneDnnCache<>(CACHED);

    private final int size;
    private final memory.desc gates;
    private final memory.desc candidate;
    private final Primitive sigmoid;
    private final Primitive tanh;
    private final long scratchpadBytes;
    private final PerThread<Bound> bindings = perThread(Bound::new);

    /**
     * The kernels for {@code size} values a gate; the caller uses them and then calls {@link #release}, once,
     * whatever happens.
     */
    static OneDnnGateActivations acquire(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("Gate activations of " + size + " values: there must be at least one");
        }
        return PRIMITIVES.acquire(size, s -> KernelThreads.withTeam(false, () -> new OneDnnGateActivations(s)));
    }

    private OneDnnGateActivations(int size) {
        this.size = size;
        gates = desc(memory.format_tag.a, 2L * size);
        candidate = desc(memory.format_tag.a, size);
        sigmoid = eltwise(algorithm.eltwise_logistic, gates);
        tanh = eltwise(algorithm.eltwise_tanh, candidate);
        scratchpadBytes = largestScratchpad(sigmoid, tanh);
    }

    @Override
    long work() {
        return 2L * size;
    }

    @Override
    long scratchpadBytes() {
        return scratchpadBytes;
    }

    /** {@code values[i] ← σ(values[i])} for the {@code 2·size} values. */
    void sigmoid(float[] values) {
        run(values, 2 * size, true);
    }

    /** {@code values[i] ← tanh(values[i])} for the {@code size} values. */
    void tanh(float[] values) {
        run(values, size, false);
    }

    private void run(float[] values, int length, boolean gatesKernel) {
        if (values.length != length) {
            throw new IllegalArgumentException("Gate activations: " + values.length + " values for a kernel of "
                    + length);
        }
        Bound bound = bindings.get();
        KernelThreads.withTeam(false, () -> {
            bound.buffer.put(values, 0, length);
            (gatesKernel ? bound.sigmoid : bound.tanh).run(ThreadScratchpad.PRIMITIVES.atLeast(scratchpadBytes));
            bound.buffer.get(values, 0, length);
            return null;
        });
    }

    /** One thread's native buffer and the two kernels bound to it, in place. */
    private final class Bound {

        final FloatPointer buffer;
        final Binding sigmoid;
        final Binding tanh;

        Bound(stream stream) {
            memory both = new memory(gates, ENGINE);
            buffer = new FloatPointer(both.get_data_handle());
            memory first = new memory(candidate, ENGINE, buffer);
            sigmoid = new Binding(stream, OneDnnGateActivations.this.sigmoid, new Argument(DNNL_ARG_SRC, both),
                    new Argument(DNNL_ARG_DST, both));
            tanh = new Binding(stream, OneDnnGateActivations.this.tanh, new Argument(DNNL_ARG_SRC, first),
                    new Argument(DNNL_ARG_DST, first));
        }
    }

    private static Primitive eltwise(algorithm kind, memory.desc values) {
        eltwise_forward.primitive_desc desc = new eltwise_forward.primitive_desc(ENGINE, prop_kind.forward_inference,
                kind, values, values, 0f, 0f, USER_SCRATCHPAD, false);
        return new Primitive(new eltwise_forward(desc), desc.scratchpad_desc());
    }
}
