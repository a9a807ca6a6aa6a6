package dev.seqconv.backend.nd4j;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import java.util.Arrays;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.global.dnnl.scratchpad_mode;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Conv1D forward and backward on oneDNN's convolution primitives, reading and writing the ND4J arrays' memory
 * in place. With stride {@code s}, dilation {@code d} and a kernel of {@code k} taps:
 * <pre>
 * y[b, t, f]          = Σ_{i < k} Σ_c x[b, t·s + i·d, c] · kernel[i, c, f]
 * ∂x[b, t·s + i·d, c] += Σ_f ∂y[b, t, f] · kernel[i, c, f]
 * ∂kernel[i, c, f]    = Σ_{b, t} x[b, t·s + i·d, c] · ∂y[b, t, f]
 * </pre>
 * A geometry may also fuse a whole layer's bias and ReLU ({@link Nd4jConv1dLayer}): the forward adds
 * {@code bias[f]} and applies {@code max(·, 0)} as the convolution's bias and post-op, the kernel gradient
 * primitive also gives {@code ∂bias[f] = Σ_{b, t} ∂y[b, t, f]}, and {@link #reluGradient} is oneDNN's ReLU
 * backward on the output ({@code ∂z = ∂y where y > 0, else 0}).
 * Activations stay in seqconv's layout ({@code (batch, time, channels)}, oneDNN's {@code nwc}); the kernel
 * {@code (k, C, F)} (oneDNN's {@code wio}) is reordered into the layout each primitive chooses, which is what
 * lets oneDNN use its AVX-512 kernels for all three (at the IMDB net's first Conv1D: forward 7.4 ms, input
 * gradient 7.5, kernel gradient 11.1, against 9.0, 12.7 and 11.0 for one sgemm per kernel tap, whose route also
 * copied and zeroed whole activations; with the kernel in {@code wio} the input gradient fell back to a
 * 23-32 ms GEMM path).
 *
 * <p>The primitives of one geometry (and each thread's bindings of them: the kernel in each primitive's layout among
 * them) are built once and shared as {@link OneDnnPrimitives} says, in a cache of {@link #CACHED} geometries.
 */
final class OneDnnConv1d extends OneDnnPrimitives {

    /** Geometries kept; an evicted one's native objects are freed once no call uses them. */
    static final int CACHED = 64;
    private static final OneDnnCache<Geometry, OneDnnConv1d> PRIMITIVES = new OneDnnCache<>(CACHED);

    /**
     * One convolution's shapes, and whether its forward adds a bias ({@code biased}) and applies ReLU ({@code relu})
     * fused.
     */
    private record Geometry(int batch, int time, int channels, int size, int filters, int stride, int dilation,
                            boolean biased, boolean relu) {

        int outputTime() {
            return (time - dilation * (size - 1) - 1) / stride + 1;
        }

        /** The multiply-adds of one pass (forward, or either gradient). */
        long macs() {
            return (long) batch * outputTime() * filters * size * channels;
        }
    }

    private final Geometry geometry;
    private final long scratchpadBytes;
    private final memory.desc input;
    private final memory.desc output;
    private final memory.desc kernel;
    /** {@code (filters)}, or an empty descriptor for a geometry without bias. */
    private final memory.desc bias;
    private final Primitive forwardPrimitive;
    private final Reorder forwardKernelLayout;
    private final Primitive inputGradientPrimitive;
    private final Reorder inputGradientKernelLayout;
    private final Primitive kernelGradientPrimitive;
    private final Reorder kernelGradientLayout;
    /** ReLU's backward on the output, for a geometry with ReLU; else null. */
    private final Primitive reluGradientPrimitive;
    private final PerThread<ForwardBindings> forwardBindings = perThread(ForwardBindings::new);
    private final PerThread<GradientBindings> gradientBindings = perThread(GradientBindings::new);

    /**
     * The primitives for {@code x (B, T, C)} and a kernel {@code (k, C, F)}, after checking that they fit; the
     * caller uses them and then calls {@link #release}, once, whatever happens.
     */
    static OneDnnConv1d acquire(long[] xShape, long[] kernelShape, int stride, int dilation) {
        return acquire(xShape, kernelShape, stride, dilation, false, false);
    }

    /** As {@link #acquire(long[], long[], int, int)}, for a convolution with a fused bias and/or ReLU. */
    static OneDnnConv1d acquire(long[] xShape, long[] kernelShape, int stride, int dilation, boolean biased,
                                boolean relu) {
        Geometry geometry = new Geometry(Math.toIntExact(xShape[0]), Math.toIntExact(xShape[1]),
                Math.toIntExact(xShape[2]), Math.toIntExact(kernelShape[0]), Math.toIntExact(kernelShape[2]),
                stride, dilation, biased, relu);
        if (kernelShape[1] != geometry.channels()) {
            throw new IllegalArgumentException("conv1d: input has " + geometry.channels()
                    + " channels, kernel expects " + kernelShape[1]);
        }
        if (geometry.outputTime() <= 0) {
            throw new IllegalArgumentException("conv1d: " + geometry.time() + " steps are too few for kernel size "
                    + geometry.size() + " and dilation " + dilation);
        }
        return PRIMITIVES.acquire(geometry, g -> KernelThreads.sized(g.macs(), () -> new OneDnnConv1d(g)));
    }

    /** The geometries cached now (for tests). */
    static int cached() {
        return PRIMITIVES.size();
    }

    /** Builds the primitives (the cache keeps the native objects made meanwhile). */
    private OneDnnConv1d(Geometry g) {
        geometry = g;
        input = desc(memory.format_tag.nwc, g.batch(), g.channels(), g.time());
        output = desc(memory.format_tag.nwc, g.batch(), g.filters(), g.outputTime());
        kernel = desc(memory.format_tag.wio, g.filters(), g.channels(), g.size());
        memory.desc anyKernel = desc(memory.format_tag.any, g.filters(), g.channels(), g.size());
        bias = g.biased() ? desc(memory.format_tag.x, g.filters()) : new memory.desc();
        long[] strides = {g.stride()};
        long[] dilates = {g.dilation() - 1};
        long[] padding = {0};
        convolution_forward.primitive_desc forwardDesc = new convolution_forward.primitive_desc(ENGINE,
                prop_kind.forward_training, algorithm.convolution_direct, input, anyKernel, bias, output, strides,
                dilates, padding, padding, g.relu() ? userScratchpadWithRelu() : USER_SCRATCHPAD, false);
        forwardPrimitive = new Primitive(new convolution_forward(forwardDesc), forwardDesc.scratchpad_desc());
        forwardKernelLayout = new Reorder(kernel, forwardDesc.weights_desc());
        convolution_backward_data.primitive_desc inputGradientDesc = new convolution_backward_data.primitive_desc(
                ENGINE, algorithm.convolution_direct, input, anyKernel, output, strides, dilates, padding, padding,
                forwardDesc, USER_SCRATCHPAD, false);
        inputGradientPrimitive = new Primitive(new convolution_backward_data(inputGradientDesc),
                inputGradientDesc.scratchpad_desc());
        inputGradientKernelLayout = new Reorder(kernel, inputGradientDesc.weights_desc());
        convolution_backward_weights.primitive_desc kernelGradientDesc =
                new convolution_backward_weights.primitive_desc(ENGINE, algorithm.convolution_direct, input,
                        anyKernel, bias, output, strides, dilates, padding, padding, forwardDesc,
                        USER_SCRATCHPAD, false);
        kernelGradientPrimitive = new Primitive(new convolution_backward_weights(kernelGradientDesc),
                kernelGradientDesc.scratchpad_desc());
        kernelGradientLayout = new Reorder(kernelGradientDesc.diff_weights_desc(), kernel);
        reluGradientPrimitive = g.relu() ? reluGradient(output) : null;
        scratchpadBytes = largestScratchpad(forwardPrimitive, forwardKernelLayout.primitive(), inputGradientPrimitive,
                    inputGradientKernelLayout.primitive(), kernelGradientPrimitive, kernelGradientLayout.primitive(),
                    reluGradientPrimitive);
    }

    @Override
    long work() {
        return geometry.macs();
    }

    @Override
    long scratchpadBytes() {
        return scratchpadBytes;
    }

    /** {@code y (B, T', F)}. */
    INDArray forward(INDArray x, INDArray weights) {
        return forward(x, weights, null);
    }

    /** {@code y (B, T', F)}, with the geometry's bias {@code (F)} (null if it has none) and ReLU. */
    INDArray forward(INDArray x, INDArray weights, INDArray biasValues) {
        if (geometry.biased() != (biasValues != null)) {
            throw new IllegalArgumentException("conv1d: a bias must be given exactly when the geometry adds one");
        }
        return pass(forwardBindings, (b, scratchpad, y) -> b.forward.run(scratchpad,
                data(input, x), kernelFor(b.kernelReorder, scratchpad, weights), data(output, y),
                biasValues == null ? null : data(bias, biasValues)),
                geometry.batch(), geometry.outputTime(), geometry.filters());
    }

    /** {@code ∂z (B, T', F)}, the gradient before the fused ReLU, given its output {@code y} and {@code ∂y}. */
    INDArray reluGradient(INDArray y, INDArray dy) {
        if (!geometry.relu()) {
            throw new IllegalStateException("conv1d: this geometry has no fused ReLU");
        }
        return pass(gradientBindings, (b, scratchpad, dz) -> b.reluGradient.run(scratchpad,
                data(output, y), data(output, dy), data(output, dz)),
                geometry.batch(), geometry.outputTime(), geometry.filters());
    }

    /** {@code ∂x (B, T, C)} given {@code ∂y (B, T', F)}. */
    INDArray inputGradient(INDArray weights, INDArray dy) {
        return pass(gradientBindings, (b, scratchpad, dx) -> b.inputGradient.run(scratchpad,
                data(output, dy), kernelFor(b.inputGradientKernelReorder, scratchpad, weights), data(input, dx)),
                geometry.batch(), geometry.time(), geometry.channels());
    }

    /** {@code ∂kernel (k, C, F)} given {@code ∂y (B, T', F)}. */
    INDArray kernelGradient(INDArray x, INDArray dy) {
        return kernelGradient(x, dy, null);
    }

    /**
     * {@code ∂kernel (k, C, F)} given {@code ∂y (B, T', F)} (the gradient after the bias, before the activation),
     * and, for a geometry with bias, {@code ∂bias} written into {@code dBias (F)} by the same primitive.
     */
    INDArray kernelGradient(INDArray x, INDArray dy, INDArray dBias) {
        if (geometry.biased() != (dBias != null)) {
            throw new IllegalArgumentException("conv1d: the bias gradient is written exactly when the geometry adds one");
        }
        return pass(gradientBindings, (b, scratchpad, dKernel) -> {
            b.kernelGradient.run(scratchpad, data(input, x), data(output, dy), null,
                    dBias == null ? null : data(bias, dBias));
            b.kernelGradientToPlain.run(scratchpad, null, data(kernel, dKernel));
        }, geometry.size(), geometry.channels(), geometry.filters());
    }

    /**
     * The kernel for a primitive that reads it through {@code reorder}: reordered into the memory the primitive's
     * binding owns (and null returned, keeping that memory), or, without a reorder (the layouts agree), the
     * caller's kernel itself, read in place.
     */
    private Pointer kernelFor(Binding reorder, Pointer scratchpad, INDArray weights) {
        Pointer plain = data(kernel, weights);
        if (reorder == null) {
            return plain;
        }
        reorder.run(scratchpad, plain, null);
        return null;
    }

    /**
     * One thread's oneDNN objects for this geometry's forward pass: a memory object per argument, each call
     * pointing it at that call's arrays, and the kernel in the primitive's own layout. Made on the thread's first
     * call, so that a call allocates nothing in oneDNN or JavaCPP (each JavaCPP allocation checks the process's
     * resident memory, which cost more than the small convolutions themselves). A thread that only predicts makes
     * no more than these.
     */
    private final class ForwardBindings {

        final Binding forward;
        final Binding kernelReorder;

        ForwardBindings(stream stream) {
            memory weights = forwardKernelLayout.target(kernel);
            kernelReorder = forwardKernelLayout.binding(stream, weights);
            forward = new Binding(stream, forwardPrimitive, withBias(DNNL_ARG_BIAS,
                    new Argument(DNNL_ARG_SRC, unbound(input)), new Argument(DNNL_ARG_WEIGHTS, weights),
                    new Argument(DNNL_ARG_DST, unbound(output))));
        }
    }

    /** The same for the two gradients, made on a thread's first backward pass of this geometry. */
    private final class GradientBindings {

        final Binding inputGradient;
        final Binding inputGradientKernelReorder;
        final Binding kernelGradient;
        final Binding kernelGradientToPlain;
        /** Null for a geometry without ReLU. */
        final Binding reluGradient;

        GradientBindings(stream stream) {
            memory inputGradientWeights = inputGradientKernelLayout.target(kernel);
            inputGradientKernelReorder = inputGradientKernelLayout.binding(stream, inputGradientWeights);
            inputGradient = new Binding(stream, inputGradientPrimitive,
                    new Argument(DNNL_ARG_DIFF_DST, unbound(output)),
                    new Argument(DNNL_ARG_WEIGHTS, inputGradientWeights),
                    new Argument(DNNL_ARG_DIFF_SRC, unbound(input)));
            memory chosen = new memory(kernelGradientLayout.source(), ENGINE);
            kernelGradient = new Binding(stream, kernelGradientPrimitive, withBias(DNNL_ARG_DIFF_BIAS,
                    new Argument(DNNL_ARG_SRC, unbound(input)), new Argument(DNNL_ARG_DIFF_DST, unbound(output)),
                    new Argument(DNNL_ARG_DIFF_WEIGHTS, chosen)));
            kernelGradientToPlain = new Binding(stream, kernelGradientLayout.primitive(),
                    new Argument(DNNL_ARG_FROM, chosen), new Argument(DNNL_ARG_TO, unbound(kernel)));
            reluGradient = reluGradientPrimitive == null ? null : new Binding(stream, reluGradientPrimitive,
                    new Argument(DNNL_ARG_DST, unbound(output)), new Argument(DNNL_ARG_DIFF_DST, unbound(output)),
                    new Argument(DNNL_ARG_DIFF_SRC, unbound(output)));
        }
    }

    /** {@code arguments}, and last the bias (or its gradient) as argument {@code id} if the geometry has one. */
    private Argument[] withBias(int id, Argument... arguments) {
        if (!geometry.biased()) {
            return arguments;
        }
        Argument[] all = Arrays.copyOf(arguments, arguments.length + 1);
        all[arguments.length] = new Argument(id, unbound(bias));
        return all;
    }

    /** A reorder between two layouts of the kernel. */
    private record Reorder(memory.desc source, memory.desc target, Primitive primitive) {

        Reorder(memory.desc source, memory.desc target) {
            this(source, target, reorder(source, target));
        }

        private static Primitive reorder(memory.desc source, memory.desc target) {
            reorder.primitive_desc desc = new reorder.primitive_desc(ENGINE, source, ENGINE, target, USER_SCRATCHPAD,
                    false);
            return new Primitive(new reorder(desc), desc.scratchpad_desc());
        }

        /** The memory a primitive reads the kernel from: the caller's ({@code plain}) when the layouts agree. */
        memory target(memory.desc plain) {
            return source.equals(target) ? unbound(plain) : new memory(target, ENGINE);
        }

        /**
         * The reorder from the caller's kernel into {@code to}, or null when the layouts agree and the primitive
         * reads the caller's kernel in place.
         */
        Binding binding(stream stream, memory to) {
            return source.equals(target) ? null : new Binding(stream, primitive,
                    new Argument(DNNL_ARG_FROM, unbound(source)), new Argument(DNNL_ARG_TO, to));
        }
    }

    /** User scratchpad mode and ReLU applied to the result as a post-op. */
    private static primitive_attr userScratchpadWithRelu() {
        primitive_attr attributes = new primitive_attr();
        attributes.set_scratchpad_mode(scratchpad_mode.user);
        post_ops ops = new post_ops();
        ops.append_eltwise(algorithm.eltwise_relu, 0f, 0f);
        attributes.set_post_ops(ops);
        return attributes;
    }
}
