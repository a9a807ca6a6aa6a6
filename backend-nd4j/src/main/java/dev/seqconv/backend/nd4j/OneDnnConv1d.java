package dev.seqconv.backend.nd4j;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Conv1D forward and backward on oneDNN's convolution primitives, reading and writing the ND4J arrays' memory
 * in place. With stride {@code s}, dilation {@code d} and a kernel of {@code k} taps:
 * <pre>
 * y[b, t, f]          = Σ_{i < k} Σ_c x[b, t·s + i·d, c] · kernel[i, c, f]
 * ∂x[b, t·s + i·d, c] += Σ_f ∂y[b, t, f] · kernel[i, c, f]
 * ∂kernel[i, c, f]    = Σ_{b, t} x[b, t·s + i·d, c] · ∂y[b, t, f]
 * </pre>
 * Activations stay in seqconv's layout ({@code (batch, time, channels)}, oneDNN's {@code nwc}); the kernel
 * {@code (k, C, F)} (oneDNN's {@code wio}) is reordered into the layout each primitive chooses, which is what
 * lets oneDNN use its AVX-512 kernels for all three (at the IMDB net's first Conv1D: forward 7.4 ms, input
 * gradient 7.5, kernel gradient 11.1, against 9.0, 12.7 and 11.0 for one sgemm per kernel tap, whose route also
 * copied and zeroed whole activations; with the kernel in {@code wio} the input gradient fell back to a
 * 23-32 ms GEMM path). The primitives for one geometry are built once and shared by all threads (oneDNN's
 * primitives are thread-safe); each thread executes on a stream of its own. Everything made for one call
 * (oneDNN's views of the arrays, reordered kernels) is freed when the call ends ({@link PointerScope}); the
 * streams and primitives are made outside any scope, as they outlive the call.
 */
final class OneDnnConv1d {

    private static final engine ENGINE = new engine(engine.kind.cpu, 0);
    private static final ThreadLocal<stream> STREAMS = ThreadLocal.withInitial(() -> new stream(ENGINE));
    /** Geometries kept; an evicted one's primitives are freed by JavaCPP once no call uses them. */
    private static final int CACHED = 64;
    private static final Map<Geometry, OneDnnConv1d> PRIMITIVES = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Geometry, OneDnnConv1d> eldest) {
                    return size() > CACHED;
                }
            });

    private record Geometry(int batch, int time, int channels, int size, int filters, int stride, int dilation) {

        int outputTime() {
            return (time - dilation * (size - 1) - 1) / stride + 1;
        }
    }

    private final Geometry geometry;
    private final memory.desc input;
    private final memory.desc output;
    private final memory.desc kernel;
    private final convolution_forward forward;
    private final Reorder forwardKernel;
    private final convolution_backward_data inputGradient;
    private final Reorder inputGradientKernel;
    private final convolution_backward_weights kernelGradient;
    private final Reorder kernelGradientLayout;

    /** The primitives for {@code x (B, T, C)} and a kernel {@code (k, C, F)}; checks that they fit. */
    static OneDnnConv1d of(long[] xShape, long[] kernelShape, int stride, int dilation) {
        Geometry geometry = new Geometry(Math.toIntExact(xShape[0]), Math.toIntExact(xShape[1]),
                Math.toIntExact(xShape[2]), Math.toIntExact(kernelShape[0]), Math.toIntExact(kernelShape[2]),
                stride, dilation);
        if (kernelShape[1] != geometry.channels()) {
            throw new IllegalArgumentException("conv1d: input has " + geometry.channels()
                    + " channels, kernel expects " + kernelShape[1]);
        }
        if (geometry.outputTime() <= 0) {
            throw new IllegalArgumentException("conv1d: " + geometry.time() + " steps are too few for kernel size "
                    + geometry.size() + " and dilation " + dilation);
        }
        return PRIMITIVES.computeIfAbsent(geometry, OneDnnConv1d::new);
    }

    private OneDnnConv1d(Geometry g) {
        this.geometry = g;
        input = desc(memory.format_tag.nwc, g.batch(), g.channels(), g.time());
        output = desc(memory.format_tag.nwc, g.batch(), g.filters(), g.outputTime());
        kernel = desc(memory.format_tag.wio, g.filters(), g.channels(), g.size());
        memory.desc anyKernel = desc(memory.format_tag.any, g.filters(), g.channels(), g.size());
        long[] strides = {g.stride()};
        long[] dilates = {g.dilation() - 1};
        long[] padding = {0};
        convolution_forward.primitive_desc forwardDesc = new convolution_forward.primitive_desc(ENGINE,
                prop_kind.forward_training, algorithm.convolution_direct, input, anyKernel, new memory.desc(), output,
                strides, dilates, padding, padding);
        forward = new convolution_forward(forwardDesc);
        forwardKernel = new Reorder(kernel, forwardDesc.weights_desc());
        convolution_backward_data.primitive_desc inputGradientDesc = new convolution_backward_data.primitive_desc(
                ENGINE, algorithm.convolution_direct, input, anyKernel, output, strides, dilates, padding, padding,
                forwardDesc);
        inputGradient = new convolution_backward_data(inputGradientDesc);
        inputGradientKernel = new Reorder(kernel, inputGradientDesc.weights_desc());
        convolution_backward_weights.primitive_desc kernelGradientDesc =
                new convolution_backward_weights.primitive_desc(ENGINE, algorithm.convolution_direct, input, anyKernel,
                        new memory.desc(), output, strides, dilates, padding, padding, forwardDesc);
        kernelGradient = new convolution_backward_weights(kernelGradientDesc);
        kernelGradientLayout = new Reorder(kernelGradientDesc.diff_weights_desc(), kernel);
    }

    /** {@code y (B, T', F)}. */
    INDArray forward(INDArray x, INDArray weights) {
        return runWithKernel(forward, forwardKernel, weights, new Operand(DNNL_ARG_SRC, input, x), DNNL_ARG_DST,
                output, geometry.batch(), geometry.outputTime(), geometry.filters());
    }

    /** {@code ∂x (B, T, C)} given {@code ∂y (B, T', F)}. */
    INDArray inputGradient(INDArray weights, INDArray dy) {
        return runWithKernel(inputGradient, inputGradientKernel, weights, new Operand(DNNL_ARG_DIFF_DST, output, dy),
                DNNL_ARG_DIFF_SRC, input, geometry.batch(), geometry.time(), geometry.channels());
    }

    /** An array a primitive reads, as its argument {@code argument}, in the layout {@code desc}. */
    private record Operand(int argument, memory.desc desc, INDArray array) {
    }

    /**
     * Runs a primitive that reads the kernel (reordered into its layout) and {@code read}, and writes a new array
     * of {@code shape} as its argument {@code writtenArgument}.
     */
    private static INDArray runWithKernel(primitive primitive, Reorder kernelLayout, INDArray weights, Operand read,
                                          int writtenArgument, memory.desc writtenDesc, long... shape) {
        INDArray written = Nd4j.createUninitialized(DataType.FLOAT, shape);
        stream s = STREAMS.get();
        try (PointerScope ignored = new PointerScope()) {
            execute(s, primitive, read.argument(), wrap(read.desc(), read.array()), DNNL_ARG_WEIGHTS,
                    kernelLayout.from(s, wrap(kernelLayout.source(), weights)), writtenArgument,
                    wrap(writtenDesc, written));
        }
        return written;
    }

    /** {@code ∂kernel (k, C, F)} given {@code ∂y (B, T', F)}. */
    INDArray kernelGradient(INDArray x, INDArray dy) {
        INDArray dKernel = Nd4j.createUninitialized(DataType.FLOAT, geometry.size(), geometry.channels(),
                geometry.filters());
        stream s = STREAMS.get();
        try (PointerScope ignored = new PointerScope()) {
            memory chosen = new memory(kernelGradientLayout.source(), ENGINE);
            execute(s, kernelGradient, DNNL_ARG_SRC, wrap(input, x), DNNL_ARG_DIFF_DST, wrap(output, dy),
                    DNNL_ARG_DIFF_WEIGHTS, chosen);
            kernelGradientLayout.into(s, chosen, wrap(kernel, dKernel));
        }
        return dKernel;
    }

    /** A reorder between two layouts of the kernel. */
    private record Reorder(memory.desc source, memory.desc target, reorder primitive) {

        Reorder(memory.desc source, memory.desc target) {
            this(source, target, new reorder(new reorder.primitive_desc(ENGINE, source, ENGINE, target)));
        }

        /** {@code from} in the target layout: itself when the layouts agree, else a reordered copy. */
        memory from(stream s, memory from) {
            if (source.equals(target)) {
                return from;
            }
            memory to = new memory(target, ENGINE);
            into(s, from, to);
            return to;
        }

        void into(stream s, memory from, memory to) {
            primitive.execute(s, from, to);
            s._wait();
        }
    }

    private static void execute(stream s, primitive primitive, int firstArgument, memory first, int secondArgument,
                                memory second, int thirdArgument, memory third) {
        IntMemoryMap arguments = new IntMemoryMap();
        arguments.put(firstArgument, first);
        arguments.put(secondArgument, second);
        arguments.put(thirdArgument, third);
        primitive.execute(s, arguments);
        s._wait();
    }

    /** oneDNN's view of a dense row-major ND4J array's memory. */
    private static memory wrap(memory.desc desc, INDArray array) {
        INDArray dense = Nd4jTensor.contiguous(array);
        if (desc.get_size() != dense.length() * Float.BYTES) {
            throw new IllegalStateException("conv1d: an array of " + dense.shapeInfoToString()
                    + " does not match the primitive's " + desc.get_size() + " bytes");
        }
        return new memory(desc, ENGINE, new Pointer(dense.data().addressPointer()));
    }

    /** A float32 descriptor of oneDNN's dimensions {@code (N, C, W)} (or {@code (O, I, W)}) in {@code layout}. */
    private static memory.desc desc(memory.format_tag layout, long... dims) {
        return new memory.desc(dims, memory.data_type.f32, layout);
    }
}
