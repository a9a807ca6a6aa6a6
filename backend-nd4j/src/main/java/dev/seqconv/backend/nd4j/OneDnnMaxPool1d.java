package dev.seqconv.backend.nd4j;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;

import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.pooling_backward;
import org.bytedeco.dnnl.pooling_forward;
import org.bytedeco.dnnl.stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * MaxPooling1D with valid padding on oneDNN's pooling primitives, reading and writing the ND4J arrays' memory in
 * place ({@code (batch, time, channels)} is oneDNN's {@code nwc}). With a pool of {@code p} and stride {@code s}:
 * <pre>
 * y[b, t, c]            = max_{i &lt; p} x[b, t·s + i, c],   t &lt; T' = ⌊(T − p) / s⌋ + 1   (the last T − (T'−1)·s − p steps unread)
 * ∂x[b, t·s + i*, c]   += ∂y[b, t, c],   i* = the first i with x[b, t·s + i, c] = y[b, t, c]
 * </pre>
 * The forward ({@code forward_training}) also writes a workspace, the position {@code i*} of each output's maximum,
 * from which the backward ({@code pooling_backward}) routes each gradient without reading {@code x} again. oneDNN
 * keeps the first maximum of a window (it replaces the running maximum only by a greater value), as TensorFlow's
 * {@code MaxPoolGrad} and the composed {@link LoopKernels#maxPool1dGradient}. For an input that is a ReLU's
 * output, the backward can also gate the gradient by {@code x > 0} ({@link #gatedInputGradient}). The primitives of one geometry are
 * shared as {@link OneDnnPrimitives} says, in a cache of {@link #CACHED} geometries.
 */
final class OneDnnMaxPool1d extends OneDnnPrimitives {

    /** Geometries kept; an evicted one's native objects are freed once no call uses them. */
    static final int CACHED = 64;
    private static final OneDnnCache<Geometry, OneDnnMaxPool1d> PRIMITIVES = new OneDnnCache<>(CACHED);

    /** One pooling's shapes. */
    private record Geometry(int batch, int time, int channels, int poolSize, int stride) {

        int outputTime() {
            return (time - poolSize) / stride + 1;
        }

        /** The comparisons of the forward pass. */
        long comparisons() {
            return (long) batch * outputTime() * channels * poolSize;
        }
    }

    /** A forward pass's output and the positions of its maxima, which the backward pass reads. */
    record Pooled(INDArray output, INDArray workspace) {
    }

    private final Geometry geometry;
    private final memory.desc input;
    private final memory.desc output;
    private final memory.desc workspace;
    private final Primitive forwardPrimitive;
    private final Primitive backwardPrimitive;
    /** ReLU's backward on the output, for an input that is a ReLU's output ({@link #gatedInputGradient}). */
    private final Primitive reluGradientPrimitive;
    private final long scratchpadBytes;
    private final PerThread<ForwardBinding> forwardBindings = perThread(ForwardBinding::new);
    private final PerThread<BackwardBinding> backwardBindings = perThread(BackwardBinding::new);

    /**
     * The primitives for pooling {@code x (B, T, C)}, after checking that they fit; the caller uses them and then
     * calls {@link #release}, once, whatever happens.
     */
    static OneDnnMaxPool1d acquire(long[] xShape, int poolSize, int stride) {
        if (xShape.length != 3) {
            throw new IllegalArgumentException("maxPool1d: the input must be (batch, time, channels), not rank "
                    + xShape.length);
        }
        if (poolSize < 1 || stride < 1) {
            throw new IllegalArgumentException("maxPool1d: pool size " + poolSize + " and stride " + stride
                    + " must be at least 1");
        }
        Geometry geometry = new Geometry(Math.toIntExact(xShape[0]), Math.toIntExact(xShape[1]),
                Math.toIntExact(xShape[2]), poolSize, stride);
        if (geometry.time() < poolSize) {
            throw new IllegalArgumentException("maxPool1d: " + geometry.time() + " steps are too few for pool size "
                    + poolSize + " with valid padding; pad the input or use a smaller pool");
        }
        return PRIMITIVES.acquire(geometry, OneDnnMaxPool1d::new);
    }

    /** The geometries cached now (for tests). */
    static int cached() {
        return PRIMITIVES.size();
    }

    private OneDnnMaxPool1d(Geometry g) {
        geometry = g;
        input = desc(memory.format_tag.nwc, g.batch(), g.channels(), g.time());
        output = desc(memory.format_tag.nwc, g.batch(), g.channels(), g.outputTime());
        long[] strides = {g.stride()};
        long[] kernel = {g.poolSize()};
        long[] dilation = {0};
        long[] padding = {0};
        pooling_forward.primitive_desc forwardDesc = new pooling_forward.primitive_desc(ENGINE,
                prop_kind.forward_training, algorithm.pooling_max, input, output, strides, kernel, dilation, padding,
                padding, USER_SCRATCHPAD, false);
        forwardPrimitive = new Primitive(new pooling_forward(forwardDesc), forwardDesc.scratchpad_desc());
        workspace = forwardDesc.workspace_desc();
        pooling_backward.primitive_desc backwardDesc = new pooling_backward.primitive_desc(ENGINE,
                algorithm.pooling_max, input, output, strides, kernel, dilation, padding, padding, forwardDesc,
                USER_SCRATCHPAD, false);
        backwardPrimitive = new Primitive(new pooling_backward(backwardDesc), backwardDesc.scratchpad_desc());
        reluGradientPrimitive = reluGradient(output);
        scratchpadBytes = largestScratchpad(forwardPrimitive, backwardPrimitive, reluGradientPrimitive);
    }

    @Override
    long work() {
        return geometry.comparisons();
    }

    @Override
    long scratchpadBytes() {
        return scratchpadBytes;
    }

    /** {@code y (B, T', C)} and the workspace the backward pass needs. */
    Pooled forward(INDArray x) {
        INDArray positions = CallArrays.uninitialized(DataType.BYTE, workspace.get_size());
        INDArray y = pass(forwardBindings, (b, scratchpad, out) -> b.forward.run(scratchpad, data(input, x),
                data(output, out), data(workspace, positions)),
                geometry.batch(), geometry.outputTime(), geometry.channels());
        return new Pooled(y, positions);
    }

    /** {@code ∂x (B, T, C)} given {@code ∂y (B, T', C)} and the workspace of the forward pass that gave {@code y}. */
    INDArray inputGradient(INDArray positions, INDArray dy) {
        return pass(backwardBindings, (b, scratchpad, dx) -> b.backward.run(scratchpad, data(output, dy),
                data(workspace, positions), data(input, dx)),
                geometry.batch(), geometry.time(), geometry.channels());
    }

    /**
     * For an input {@code x} that is a ReLU's output: {@code ∂x} gated by {@code x > 0}, given the pooled {@code y} and
     * {@code ∂y}, as ReLU's backward on {@code y} and then the routing. Each gradient goes to its window's maximum,
     * whose value is {@code y}'s, so gating the pooled gradient by {@code y > 0} is gating {@code ∂x} by {@code x > 0},
     * at the pooled size ({@code 1 / stride} of the input's).
     */
    INDArray gatedInputGradient(INDArray positions, INDArray y, INDArray dy) {
        INDArray gated = CallArrays.uninitialized(DataType.FLOAT, dy.shape());
        return pass(backwardBindings, (b, scratchpad, dx) -> {
            b.reluGradient.run(scratchpad, data(output, y), data(output, dy), data(output, gated));
            b.backward.run(scratchpad, data(output, gated), data(workspace, positions), data(input, dx));
        }, geometry.batch(), geometry.time(), geometry.channels());
    }

    /** One thread's oneDNN objects for the forward pass. */
    private final class ForwardBinding {

        final Binding forward;

        ForwardBinding(stream stream) {
            forward = new Binding(stream, forwardPrimitive, new Argument(DNNL_ARG_SRC, unbound(input)),
                    new Argument(DNNL_ARG_DST, unbound(output)), new Argument(DNNL_ARG_WORKSPACE, unbound(workspace)));
        }
    }

    /** One thread's oneDNN objects for the backward pass. */
    private final class BackwardBinding {

        final Binding backward;
        final Binding reluGradient;

        BackwardBinding(stream stream) {
            backward = new Binding(stream, backwardPrimitive, new Argument(DNNL_ARG_DIFF_DST, unbound(output)),
                    new Argument(DNNL_ARG_WORKSPACE, unbound(workspace)),
                    new Argument(DNNL_ARG_DIFF_SRC, unbound(input)));
            reluGradient = new Binding(stream, reluGradientPrimitive, new Argument(DNNL_ARG_DST, unbound(output)),
                    new Argument(DNNL_ARG_DIFF_DST, unbound(output)), new Argument(DNNL_ARG_DIFF_SRC, unbound(output)));
        }
    }
}
