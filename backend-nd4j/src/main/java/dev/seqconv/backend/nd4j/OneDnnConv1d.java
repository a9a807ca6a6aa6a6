package dev.seqconv.backend.nd4j;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.global.dnnl.scratchpad_mode;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_attr;
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
 * 23-32 ms GEMM path).
 *
 * <p>The primitives for one geometry are built once and shared by every model and thread that has that
 * geometry. oneDNN allows that only with {@code scratchpad_mode::user}: in its default mode a primitive's
 * temporary buffers are the library's, shared, and a primitive may not run on two threads at once (doing so gave
 * other models' numbers and a spin-wait in the kernel gradient, issue 11). So every primitive here is made in
 * user mode and each execution gets the calling thread's own scratchpad ({@link ThreadScratchpad}) and stream.
 * Everything made for one call (oneDNN's views of the arrays and of the scratchpad, reordered kernels) is freed
 * when the call ends ({@link PointerScope}); the streams and primitives are made outside any scope, as they
 * outlive the call.
 */
final class OneDnnConv1d {

    private static final engine ENGINE = new engine(engine.kind.cpu, 0);
    private static final ThreadLocal<stream> STREAMS = ThreadLocal.withInitial(() -> new stream(ENGINE));
    /** Every primitive here takes its scratchpad from the caller, which makes sharing it between threads safe. */
    private static final primitive_attr USER_SCRATCHPAD = userScratchpad();
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
    private final long scratchpadBytes;
    private final memory.desc input;
    private final memory.desc output;
    private final memory.desc kernel;
    private final Primitive forward;
    private final Reorder forwardKernel;
    private final Primitive inputGradient;
    private final Reorder inputGradientKernel;
    private final Primitive kernelGradient;
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
                strides, dilates, padding, padding, USER_SCRATCHPAD, false);
        forward = new Primitive(new convolution_forward(forwardDesc), forwardDesc.scratchpad_desc());
        forwardKernel = new Reorder(kernel, forwardDesc.weights_desc());
        convolution_backward_data.primitive_desc inputGradientDesc = new convolution_backward_data.primitive_desc(
                ENGINE, algorithm.convolution_direct, input, anyKernel, output, strides, dilates, padding, padding,
                forwardDesc, USER_SCRATCHPAD, false);
        inputGradient = new Primitive(new convolution_backward_data(inputGradientDesc),
                inputGradientDesc.scratchpad_desc());
        inputGradientKernel = new Reorder(kernel, inputGradientDesc.weights_desc());
        convolution_backward_weights.primitive_desc kernelGradientDesc =
                new convolution_backward_weights.primitive_desc(ENGINE, algorithm.convolution_direct, input, anyKernel,
                        new memory.desc(), output, strides, dilates, padding, padding, forwardDesc, USER_SCRATCHPAD,
                        false);
        kernelGradient = new Primitive(new convolution_backward_weights(kernelGradientDesc),
                kernelGradientDesc.scratchpad_desc());
        kernelGradientLayout = new Reorder(kernelGradientDesc.diff_weights_desc(), kernel);
        scratchpadBytes = Stream.of(forward, forwardKernel.primitive(), inputGradient, inputGradientKernel.primitive(),
                kernelGradient, kernelGradientLayout.primitive()).mapToLong(Primitive::scratchpadBytes).max().orElse(0);
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
    private INDArray runWithKernel(Primitive primitive, Reorder kernelLayout, INDArray weights, Operand read,
                                   int writtenArgument, memory.desc writtenDesc, long... shape) {
        INDArray written = Nd4j.createUninitialized(DataType.FLOAT, shape);
        Context context = context();
        try (PointerScope ignored = new PointerScope()) {
            primitive.execute(context, new Argument(read.argument(), wrap(read.desc(), read.array())),
                    new Argument(DNNL_ARG_WEIGHTS, kernelLayout.from(context, wrap(kernelLayout.source(), weights))),
                    new Argument(writtenArgument, wrap(writtenDesc, written)));
        }
        return written;
    }

    /** {@code ∂kernel (k, C, F)} given {@code ∂y (B, T', F)}. */
    INDArray kernelGradient(INDArray x, INDArray dy) {
        INDArray dKernel = Nd4j.createUninitialized(DataType.FLOAT, geometry.size(), geometry.channels(),
                geometry.filters());
        Context context = context();
        try (PointerScope ignored = new PointerScope()) {
            memory chosen = new memory(kernelGradientLayout.source(), ENGINE);
            kernelGradient.execute(context, new Argument(DNNL_ARG_SRC, wrap(input, x)),
                    new Argument(DNNL_ARG_DIFF_DST, wrap(output, dy)), new Argument(DNNL_ARG_DIFF_WEIGHTS, chosen));
            kernelGradientLayout.into(context, chosen, wrap(kernel, dKernel));
        }
        return dKernel;
    }

    /**
     * The calling thread's stream and a scratchpad large enough for every primitive of this geometry: taken
     * before a call's {@link PointerScope} opens, since both outlive the call.
     */
    private Context context() {
        return new Context(STREAMS.get(), ThreadScratchpad.atLeast(scratchpadBytes));
    }

    /** What one call executes with: the thread's stream and scratchpad. */
    private record Context(stream stream, Pointer scratchpad) {
    }

    /** A primitive made in user scratchpad mode, with the scratchpad layout it asks for. */
    private record Primitive(primitive primitive, memory.desc scratchpad) {

        long scratchpadBytes() {
            return scratchpad.get_size();
        }

        /** Executes on the context's stream and scratchpad, and waits for the result. */
        void execute(Context context, Argument... arguments) {
            IntMemoryMap map = new IntMemoryMap();
            for (Argument argument : arguments) {
                map.put(argument.id(), argument.value());
            }
            map.put(DNNL_ARG_SCRATCHPAD, new memory(scratchpad, ENGINE, context.scratchpad()));
            primitive.execute(context.stream(), map);
            context.stream()._wait();
        }
    }

    /** A primitive's argument {@code id} ({@code DNNL_ARG_...}). */
    private record Argument(int id, memory value) {
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

        /** {@code from} in the target layout: itself when the layouts agree, else a reordered copy. */
        memory from(Context context, memory from) {
            if (source.equals(target)) {
                return from;
            }
            memory to = new memory(target, ENGINE);
            into(context, from, to);
            return to;
        }

        void into(Context context, memory from, memory to) {
            primitive.execute(context, new Argument(DNNL_ARG_FROM, from), new Argument(DNNL_ARG_TO, to));
        }
    }

    private static primitive_attr userScratchpad() {
        primitive_attr attributes = new primitive_attr();
        attributes.set_scratchpad_mode(scratchpad_mode.user);
        return attributes;
    }

    /** oneDNN's view of a dense row-major ND4J array's memory. */
    private static memory wrap(memory.desc desc, INDArray array) {
        INDArray dense = DenseArrays.contiguous(array);
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
