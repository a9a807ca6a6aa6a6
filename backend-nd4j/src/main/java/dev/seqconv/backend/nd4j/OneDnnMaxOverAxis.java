package dev.seqconv.backend.nd4j;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import java.util.Arrays;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.matmul;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.pooling_forward;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The maximum over one axis and its tie-sharing gradient on oneDNN's pooling, binary and matmul primitives, reading
 * and writing the ND4J arrays' memory in place. {@code x} is seen as {@code (outer, length, inner)} around the axis
 * (oneDNN's {@code nwc} with {@code W} the reduced axis), {@code y} as {@code (outer, 1, inner)}:
 * <pre>
 * y[o, i]     = max_j x[o, j, i]                                   (pooling_max, one window of the whole axis)
 * e[o, j, i]  = x[o, j, i] == y[o, i] ? 1 : 0                      (binary_eq, y broadcast)
 * n[o, i]     = Σ_j 1 · e[o, j, i]                                 (matmul, ones broadcast: exact, integers)
 * s[o, i]     = ∂y[o, i] / n[o, i]                                 (binary_div)
 * ∂x[o, j, i] = e[o, j, i] · s[o, i]                               (binary_mul, s broadcast; into e's memory)
 * </pre>
 * These are the float operations of the rule {@code TapeOps} composes (TensorFlow's: tied maxima share the gradient),
 * so the gradient is the composed form's bit for bit; the maximum is too but for the sign of a tie between {@code 0}
 * and {@code −0} (libnd4j's fold keeps the first) and a NaN, which libnd4j's {@code max} passes over. For a ReLU's
 * output the backward may first gate {@code ∂y} by {@code y > 0} (ReLU's backward on {@code y}), which gates {@code ∂x}
 * by {@code x > 0}. oneDNN's reduction primitive, the natural choice for {@code y} and {@code n}, has only its
 * reference code for a middle axis: ~3 ms each on the Jena network's {@code (128, 20, 32)}, against µs for these.
 * The primitives of one geometry are shared as {@link OneDnnPrimitives} says, in a cache of {@link #CACHED}
 * geometries; made and run with the team {@link KernelThreads} gives their size (one thread at the chapter's sizes:
 * each pass is a few µs of work).
 */
final class OneDnnMaxOverAxis extends OneDnnPrimitives {

    /** Geometries kept; an evicted one's native objects are freed once no call uses them. */
    static final int CACHED = 64;
    private static final OneDnnCache<Geometry, OneDnnMaxOverAxis> PRIMITIVES = new OneDnnCache<>(CACHED);

    /** {@code x}'s shape around the reduced axis. */
    private record Geometry(int outer, int length, int inner) {

        long values() {
            return (long) outer * length * inner;
        }
    }

    private final Geometry geometry;
    private final memory.desc input;
    private final memory.desc reduced;
    /** {@code e} as the matmul's weights {@code (outer, length, inner)}, and {@code n} as its {@code (outer, 1, inner)}. */
    private final memory.desc rows;
    private final memory.desc counts;
    /** {@code (1, 1, length)} ones, the matmul's source, broadcast over {@code outer}; read by every thread. */
    private final memory ones;
    private final Primitive maximum;
    private final Primitive isMaximum;
    private final Primitive ties;
    private final Primitive share;
    private final Primitive spread;
    private final Primitive reluGradient;
    private final long scratchpadBytes;
    private final PerThread<ForwardBinding> forwardBindings = perThread(ForwardBinding::new);
    private final PerThread<BackwardBindings> backwardBindings = perThread(BackwardBindings::new);

    /**
     * The primitives for {@code x} of {@code (outer, length, inner)} values around the axis; the caller uses them and
     * then calls {@link #release}, once, whatever happens.
     */
    static OneDnnMaxOverAxis acquire(int outer, int length, int inner) {
        if (outer < 1 || length < 1 || inner < 1) {
            throw new IllegalArgumentException("max: an array of (" + outer + ", " + length + ", " + inner + ") values "
                    + "around the axis has none to reduce: every dimension must be at least 1");
        }
        return PRIMITIVES.acquire(new Geometry(outer, length, inner),
                g -> KernelThreads.sized(g.values(), () -> new OneDnnMaxOverAxis(g)));
    }

    private OneDnnMaxOverAxis(Geometry g) {
        geometry = g;
        input = desc(memory.format_tag.nwc, g.outer(), g.inner(), g.length());
        reduced = desc(memory.format_tag.nwc, g.outer(), g.inner(), 1);
        rows = desc(memory.format_tag.abc, g.outer(), g.length(), g.inner());
        counts = desc(memory.format_tag.abc, g.outer(), 1, g.inner());
        memory.desc onesDesc = desc(memory.format_tag.abc, 1, 1, g.length());
        ones = new memory(onesDesc, ENGINE);
        float[] one = new float[g.length()];
        Arrays.fill(one, 1f);
        new FloatPointer(ones.get_data_handle()).put(one);
        long[] window = {g.length()};
        long[] none = {0};
        pooling_forward.primitive_desc poolDesc = new pooling_forward.primitive_desc(ENGINE,
                prop_kind.forward_inference, algorithm.pooling_max, input, reduced, window, window, none, none, none,
                USER_SCRATCHPAD, false);
        maximum = new Primitive(new pooling_forward(poolDesc), poolDesc.scratchpad_desc());
        isMaximum = binary(algorithm.binary_eq, input, reduced, input);
        matmul.primitive_desc sumDesc = new matmul.primitive_desc(ENGINE, onesDesc, rows, counts, USER_SCRATCHPAD,
                false);
        ties = new Primitive(new matmul(sumDesc), sumDesc.scratchpad_desc());
        share = binary(algorithm.binary_div, reduced, reduced, reduced);
        spread = binary(algorithm.binary_mul, input, reduced, input);
        reluGradient = reluGradient(reduced);
        scratchpadBytes = largestScratchpad(maximum, isMaximum, ties, share, spread, reluGradient);
    }

    @Override
    long work() {
        return geometry.values();
    }

    @Override
    long scratchpadBytes() {
        return scratchpadBytes;
    }

    /** {@code y}, shaped {@code yShape} (which must hold {@code outer · inner} values). */
    INDArray forward(INDArray x, long[] yShape) {
        return pass(forwardBindings, (b, scratchpad, y) -> b.maximum.run(scratchpad, data(input, x), data(reduced, y)),
                yShape);
    }

    /**
     * {@code ∂x} of {@code x}'s shape given {@code y = max(x)} and {@code ∂y} (each {@code outer · inner} values); where
     * {@code gated}, {@code x} is a ReLU's output and {@code ∂x} is gated by {@code x > 0} too, by gating {@code ∂y} by
     * {@code y > 0} (ReLU's backward on {@code y}): the gradient reaches only maxima, whose values are {@code y}'s.
     */
    INDArray inputGradient(INDArray x, INDArray y, INDArray dy, boolean gated) {
        INDArray shares = CallArrays.uninitialized(DataType.FLOAT, dy.length());
        INDArray passed = gated ? CallArrays.uninitialized(DataType.FLOAT, dy.length()) : dy;
        return pass(backwardBindings, (b, scratchpad, dx) -> {
            if (gated) {
                b.reluGradient.run(scratchpad, data(reduced, y), data(reduced, dy), data(reduced, passed));
            }
            b.isMaximum.run(scratchpad, data(input, x), data(reduced, y), data(input, dx));
            b.ties.run(scratchpad, null, data(rows, dx), data(counts, shares));
            b.share.run(scratchpad, data(reduced, passed), data(reduced, shares), data(reduced, shares));
            b.spread.run(scratchpad, data(input, dx), data(reduced, shares), data(input, dx));
        }, x.shape());
    }

    /** One thread's oneDNN objects for the forward pass. */
    private final class ForwardBinding {

        final Binding maximum;

        ForwardBinding(stream stream) {
            maximum = new Binding(stream, OneDnnMaxOverAxis.this.maximum, new Argument(DNNL_ARG_SRC, unbound(input)),
                    new Argument(DNNL_ARG_DST, unbound(reduced)));
        }
    }

    /** One thread's oneDNN objects for the backward pass. */
    private final class BackwardBindings {

        final Binding isMaximum;
        final Binding ties;
        final Binding share;
        final Binding spread;
        final Binding reluGradient;

        BackwardBindings(stream stream) {
            isMaximum = binaryBinding(stream, OneDnnMaxOverAxis.this.isMaximum, input, reduced, input);
            ties = new Binding(stream, OneDnnMaxOverAxis.this.ties, new Argument(DNNL_ARG_SRC, ones),
                    new Argument(DNNL_ARG_WEIGHTS, unbound(rows)), new Argument(DNNL_ARG_DST, unbound(counts)));
            share = binaryBinding(stream, OneDnnMaxOverAxis.this.share, reduced, reduced, reduced);
            spread = binaryBinding(stream, OneDnnMaxOverAxis.this.spread, input, reduced, input);
            reluGradient = new Binding(stream, OneDnnMaxOverAxis.this.reluGradient,
                    new Argument(DNNL_ARG_DST, unbound(reduced)), new Argument(DNNL_ARG_DIFF_DST, unbound(reduced)),
                    new Argument(DNNL_ARG_DIFF_SRC, unbound(reduced)));
        }

    }
}
