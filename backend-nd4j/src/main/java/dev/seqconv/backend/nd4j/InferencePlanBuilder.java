package dev.seqconv.backend.nd4j;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST_ITER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST_ITER_C;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST_LAYER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_LAYER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS_ITER;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS_LAYER;

import dev.seqconv.api.layers.ActivationLayer;
import dev.seqconv.api.layers.AveragePooling1D;
import dev.seqconv.api.layers.Conv1D;
import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.Dropout;
import dev.seqconv.api.layers.Embedding;
import dev.seqconv.api.layers.Flatten;
import dev.seqconv.api.layers.GlobalAveragePooling1D;
import dev.seqconv.api.layers.GlobalMaxPooling1D;
import dev.seqconv.api.layers.Layer;
import dev.seqconv.api.layers.MaxPooling1D;
import dev.seqconv.api.layers.Padding;
import dev.seqconv.api.layers.RecurrentLayer;
import dev.seqconv.api.layers.RecurrentOptions;
import dev.seqconv.api.layers.WeightSpec;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.spi.InferencePlan;
import dev.seqconv.api.spi.PlannedLayer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.global.dnnl.rnn_direction;
import org.bytedeco.dnnl.global.dnnl.scratchpad_mode;
import org.bytedeco.dnnl.inner_product_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.pooling_forward;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.primitive_desc_base;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.rnn_primitive_desc_base;
import org.bytedeco.dnnl.softmax_forward;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;

/**
 * Makes an {@link Nd4jInferencePlan} of a stack of the layers it knows, for one batch size, or finds that it
 * cannot. Activations keep seqconv's layout, {@code (batch, time, channels)} (oneDNN's {@code nwc} of dimensions
 * {@code (N, C, W)}) or {@code (batch, features)} ({@code nc}); each layer writes a buffer of its own:
 * <ul>
 * <li>Embedding (first layer): row copies from the table, read where it is on the heap, into the first buffer:
 * {@code y[b, t, :] = embeddings[x[b, t], :]};</li>
 * <li>Conv1D: a convolution with its padding ({@link Padding#amounts}), strides and dilation, the bias and the
 * activation fused as post-ops: {@code y[b, t, f] = a(Σ_i Σ_c x[b, t·s + i·d − padLeft, c] · kernel[i, c, f] +
 * bias[f])}, the kernel reordered once into the primitive's layout;</li>
 * <li>MaxPooling1D and AveragePooling1D: pooling, padded ends excluded (as Keras's {@code same} does); the global
 * poolings: one window over the whole sequence;</li>
 * <li>Dense: an inner product over the last axis ({@code (batch·time, features)} rows for sequences), bias and
 * activation fused: {@code y = a(x · kernel + bias)};</li>
 * <li>GRU, LSTM and SimpleRNN: one oneDNN RNN primitive from a zero state ({@link OneDnnRecurrentCell} says
 * which, and for which activations);</li>
 * <li>Activation: in place on the buffer; Flatten and Dropout (identity in inference): nothing, the buffer
 * passes on.</li>
 * </ul>
 * Activations are oneDNN's element-wise algorithms that compute Keras's: relu {@code max(x, 0)}, sigmoid
 * (logistic) {@code 1 / (1 + e^{−x})}, tanh, hard sigmoid {@code clip(αx + 0.5, 0, 1)} with α = 0.2 (Keras 2) or
 * 1/6 (Keras 3); softmax over the last axis is a softmax primitive after the layer. Any other layer makes the stack
 * unplannable ({@link #build} returns empty).
 */
final class InferencePlanBuilder {

    /**
     * The backend's oneDNN engine, read when this class loads, outside any plan's {@code PointerScope}: an engine
     * first made inside one would be freed with that plan.
     */
    private static final engine ENGINE = OneDnnConv1d.ENGINE;

    /**
     * The work (multiply-adds) from which a planned convolution runs with the calling thread's OpenMP team, lower
     * than {@link KernelThreads#PARALLEL_MACS}: a plan's batch of several samples is most often a session's
     * worker serving queued requests while their callers wait, so the other core is free. The Jena network's
     * convolutions at batch 1 (0.4-0.5 M) run alone (the team cost them ~8 µs a call each), from batch 2 the first
     * with the team; the IMDB network's first (14 M at batch 1) ran as fast either way. Before the descriptors
     * were made with the primitive's team every planned convolution ran with the team, and with 16 clients on the
     * loaded build machine the Jena network served a median 14,700 requests a second so, 14,100 with every
     * convolution below {@code PARALLEL_MACS} alone and 15,500 with this (within that machine's noise;
     * docs/benchmarks.md), so batches keep the team.
     */
    static final long CONVOLUTION_TEAM_MACS = 1L << 20;

    /** oneDNN's alignment for memory it is handed (the scratchpad; its own buffers it aligns itself). */
    private static final int ALIGNMENT = 64;

    private static final Set<Class<? extends Layer>> PLANNED = Set.of(Embedding.class, Conv1D.class,
            MaxPooling1D.class, AveragePooling1D.class, GlobalMaxPooling1D.class, GlobalAveragePooling1D.class,
            Dense.class, Flatten.class, Dropout.class, ActivationLayer.class);

    /** A layer's output: its buffer and its shape, the batch size first. */
    private record Value(memory buffer, Shape shape) {
    }

    /** A primitive not yet bound to the scratchpad, which is sized once all are made. */
    private record Pending(primitive primitive, IntMemoryMap arguments, memory.desc scratchpad) {
    }

    private final int batchSize;
    private final stream stream = new stream(ENGINE);
    private final List<Pending> weightReorders = new ArrayList<>();
    private final List<Pending> primitives = new ArrayList<>();
    private final List<Nd4jInferencePlan.Step> steps = new ArrayList<>();

    private InferencePlanBuilder(int batchSize) {
        this.batchSize = batchSize;
    }

    /** The plan of {@code layers} for batches of {@code batchSize}, or empty if a layer is not one it knows. */
    static Optional<InferencePlan> build(List<PlannedLayer> layers, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
        }
        if (layers.isEmpty() || !layers.stream().allMatch(InferencePlanBuilder::plannable)) {
            return Optional.empty();
        }
        PointerScope natives = new PointerScope();
        try {
            Optional<InferencePlan> plan = Optional.of(new InferencePlanBuilder(batchSize).plan(layers, natives));
            natives.extend();
            return plan;
        } finally {
            natives.close();
        }
    }

    private Nd4jInferencePlan plan(List<PlannedLayer> layers, PointerScope natives) {
        PlannedLayer first = layers.get(0);
        Shape inputShape = first.inputShape().withDim(0, batchSize);
        Nd4jInferencePlan.Input input;
        Value value;
        int next;
        if (first.layer() instanceof Embedding embedding) {
            value = new Value(allocate(first.outputShape().withDim(0, batchSize)),
                    first.outputShape().withDim(0, batchSize));
            input = embeddingLookup(embedding, first.weight(WeightSpec.EMBEDDINGS), floats(value));
            next = 1;
        } else {
            value = new Value(allocate(inputShape), inputShape);
            FloatBuffer in = floats(value);
            input = x -> in.put(0, x.floatBuffer(), 0, in.capacity());
            next = 0;
        }
        for (PlannedLayer layer : layers.subList(next, layers.size())) {
            value = add(layer, value);
        }
        long scratchpadBytes = ALIGNMENT;
        for (Pending p : concat()) {
            scratchpadBytes = Math.max(scratchpadBytes, p.scratchpad().get_size());
        }
        BytePointer scratchpad = new BytePointer(scratchpadBytes + ALIGNMENT);
        scratchpad.position((ALIGNMENT - scratchpad.address() % ALIGNMENT) % ALIGNMENT);
        for (Pending p : concat()) {
            p.arguments().put(DNNL_ARG_SCRATCHPAD, new memory(p.scratchpad(), ENGINE, scratchpad));
        }
        for (Pending p : weightReorders) {
            p.primitive().execute(stream, p.arguments());
        }
        stream._wait();
        return new Nd4jInferencePlan(inputShape, first.layer().inputType(), input, steps, floats(value), value.shape(),
                stream, natives);
    }

    /** Whether the plan has a kernel for {@code layer} as configured. */
    private static boolean plannable(PlannedLayer layer) {
        return layer.layer() instanceof RecurrentLayer recurrent
                ? OneDnnRecurrentCell.of(recurrent).isPresent()
                : PLANNED.contains(layer.layer().getClass());
    }

    private List<Pending> concat() {
        List<Pending> all = new ArrayList<>(weightReorders);
        all.addAll(primitives);
        return all;
    }

    private Value add(PlannedLayer layer, Value in) {
        Shape out = layer.outputShape().withDim(0, batchSize);
        Layer l = layer.layer();
        if (l instanceof Conv1D conv) {
            return conv1d(conv, layer, in, out);
        } else if (l instanceof MaxPooling1D pool) {
            return pooling(in, out, algorithm.pooling_max, pool.poolSize(), pool.strides(), pool.padding());
        } else if (l instanceof AveragePooling1D pool) {
            return pooling(in, out, algorithm.pooling_avg_exclude_padding, pool.poolSize(), pool.strides(),
                    pool.padding());
        } else if (l instanceof GlobalMaxPooling1D) {
            return pooling(in, out, algorithm.pooling_max, in.shape().dim(1), 1, Padding.VALID);
        } else if (l instanceof GlobalAveragePooling1D) {
            return pooling(in, out, algorithm.pooling_avg_exclude_padding, in.shape().dim(1), 1, Padding.VALID);
        } else if (l instanceof Dense dense) {
            return dense(dense, layer, in, out);
        } else if (l instanceof ActivationLayer activation) {
            return activate(new Value(in.buffer(), out), activation.activation());
        } else if (l instanceof Flatten || l instanceof Dropout) {
            return new Value(in.buffer(), out);
        } else if (l instanceof RecurrentLayer recurrent) {
            return recurrent(OneDnnRecurrentCell.of(recurrent).orElseThrow(), layer, in, out);
        }
        throw new IllegalStateException(l.typeName() + " is not planned");
    }

    private Value conv1d(Conv1D conv, PlannedLayer layer, Value in, Shape out) {
        int time = in.shape().dim(1);
        int channels = in.shape().dim(2);
        int[] pad = conv.padding().amounts(time, conv.window(), conv.strides());
        memory.desc src = desc(in.shape());
        memory.desc dst = desc(out);
        long[] kernelDims = {conv.filters(), channels, conv.kernelSize()};
        memory.desc anyKernel = new memory.desc(kernelDims, memory.data_type.f32, memory.format_tag.any);
        memory.desc bias = conv.useBias() ? new memory.desc(new long[] {conv.filters()}, memory.data_type.f32,
                memory.format_tag.x) : new memory.desc();
        boolean team = (long) batchSize * out.dim(1) * conv.filters() * conv.kernelSize() * channels
                >= CONVOLUTION_TEAM_MACS;
        convolution_forward.primitive_desc pd = KernelThreads.withTeam(team, () -> new convolution_forward.primitive_desc(
                ENGINE, prop_kind.forward_inference, algorithm.convolution_direct, src, anyKernel, bias, dst,
                new long[] {conv.strides()}, new long[] {conv.dilationRate() - 1}, new long[] {pad[0]},
                new long[] {pad[1]}, attributes(conv.activation()), false));
        Value y = new Value(allocate(out), out);
        IntMemoryMap arguments = arguments(DNNL_ARG_SRC, bind(src, in), DNNL_ARG_DST, bind(dst, y),
                DNNL_ARG_WEIGHTS, weights(layer.weight(WeightSpec.KERNEL),
                        new memory.desc(kernelDims, memory.data_type.f32, memory.format_tag.wio), pd.weights_desc()));
        if (conv.useBias()) {
            arguments.put(DNNL_ARG_BIAS, filled(bias, layer.weight(WeightSpec.BIAS)));
        }
        addStep(() -> new convolution_forward(pd), arguments, pd, team);
        return softmaxIfAsked(y, conv.activation());
    }

    /**
     * A recurrent layer as one oneDNN RNN primitive over the {@code (batch, time, features)} buffer (oneDNN's
     * {@code ntc}) from a zero state, the kernels reordered once into {@link #recurrentKernelLayout the layout its
     * team allows}. With its sequences returned the
     * primitive writes the output buffer; else it writes its last state ({@code ldnc}, which is {@code (batch,
     * units)}) there, and its sequence into a buffer of its own. Going backwards it reads right to left, where
     * oneDNN keeps each step's state at its input's position while Keras returns the states in reading order:
     * {@code y[b, t] = h[b, T − 1 − t]}, a copy after the primitive.
     */
    private Value recurrent(OneDnnRecurrentCell cell, PlannedLayer layer, Value in, Shape out) {
        RecurrentOptions options = cell.options();
        int time = in.shape().dim(1);
        int features = in.shape().dim(2);
        int units = options.units();
        int gates = cell.gates();
        Shape sequence = Shape.of(batchSize, time, units);
        memory.desc src = new memory.desc(new long[] {time, batchSize, features}, memory.data_type.f32,
                memory.format_tag.ntc);
        memory.desc dstLayer = new memory.desc(new long[] {time, batchSize, units}, memory.data_type.f32,
                memory.format_tag.ntc);
        memory.desc state = new memory.desc(new long[] {1, 1, batchSize, units}, memory.data_type.f32,
                memory.format_tag.ldnc);
        memory.desc dstIter = options.returnSequences() ? new memory.desc() : state;
        memory.desc dstIterC = options.returnSequences() || !cell.hasCellState() ? new memory.desc() : state;
        long[] layerDims = {1, 1, features, gates, units};
        long[] iterDims = {1, 1, units, gates, units};
        memory.desc bias = new memory.desc(new long[] {1, 1, cell.biasRows(), units}, memory.data_type.f32,
                memory.format_tag.ldgo);
        boolean team = (long) batchSize * time * (features + units) * gates * units >= KernelThreads.PARALLEL_MACS;
        OneDnnRecurrentCell.Described described = KernelThreads.withTeam(team, () -> cell.describe(ENGINE,
                options.goBackwards() ? rnn_direction.unidirectional_right2left
                        : rnn_direction.unidirectional_left2right, src, recurrentKernelLayout(layerDims, team),
                recurrentKernelLayout(iterDims, team), bias, dstLayer, dstIter, dstIterC, userScratchpad()));
        rnn_primitive_desc_base pd = described.pd();
        Value sequenceOut = options.returnSequences() && !options.goBackwards() ? new Value(allocate(out), out)
                : new Value(allocate(sequence), sequence);
        IntMemoryMap arguments = arguments(DNNL_ARG_SRC_LAYER, bind(src, in), DNNL_ARG_DST_LAYER,
                bind(dstLayer, sequenceOut),
                DNNL_ARG_WEIGHTS_LAYER, weights(layer.weight(WeightSpec.KERNEL), plain(layerDims),
                        pd.weights_layer_desc()),
                DNNL_ARG_WEIGHTS_ITER, weights(layer.weight(WeightSpec.RECURRENT_KERNEL), plain(iterDims),
                        pd.weights_iter_desc()),
                DNNL_ARG_BIAS, filled(bias, NdArray.wrapFloats(Shape.of(cell.biasRows() * units),
                        cell.bias(options.useBias() ? layer.weight(WeightSpec.BIAS) : null))));
        Value y = sequenceOut;
        if (!options.returnSequences()) {
            y = new Value(allocate(out), out);
            arguments.put(DNNL_ARG_DST_ITER, bind(state, y));
            if (cell.hasCellState()) {
                arguments.put(DNNL_ARG_DST_ITER_C, new memory(state, ENGINE));
            }
        }
        addStep(described.make(), arguments, pd, team);
        if (options.returnSequences() && options.goBackwards()) {
            y = new Value(allocate(out), out);
            steps.add(new Nd4jInferencePlan.CopyStep(reversedInTime(floats(sequenceOut), floats(y), time, units)));
        }
        return y;
    }

    /** The copy {@code to[b, t, :] = from[b, T − 1 − t, :]} of {@code (batch, time, width)} buffers. */
    private Runnable reversedInTime(FloatBuffer from, FloatBuffer to, int time, int width) {
        int rows = batchSize * time;
        return () -> {
            for (int row = 0; row < rows; row++) {
                int t = row % time;
                to.put(row * width, from, (row - t + time - 1 - t) * width, width);
            }
        };
    }

    /**
     * The layout of a recurrent kernel of {@code dims} for a primitive run with the calling thread's OpenMP
     * {@code team} or not: oneDNN's choice ({@code any}: a blocked layout for its brgemm RNN) when the primitive
     * runs on the calling thread alone ({@link KernelThreads}), Keras's plain {@code ldigo} when it runs with a team. oneDNN's brgemm RNN on
     * two threads at times gave rows 16-31 of a batch of 32 other values (the conformance kit's {@code
     * plansOnTwoExecutorsRunAtOnceAnswerAsAlone} failed; alone it passes), while on the plain layout oneDNN runs
     * its reference RNN, right with any team. Alone, the blocked layout is the faster: the Jena network's GRU at
     * batch 1 took ~20 % less of a prediction than the reference RNN's (docs/engines.md).
     */
    private static memory.desc recurrentKernelLayout(long[] dims, boolean team) {
        return team ? plain(dims) : new memory.desc(dims, memory.data_type.f32, memory.format_tag.any);
    }

    /** Keras's recurrent kernel layout, {@code (inputs, gates·units)}, as oneDNN's {@code ldigo}. */
    private static memory.desc plain(long[] dims) {
        return new memory.desc(dims, memory.data_type.f32, memory.format_tag.ldigo);
    }

    private Value pooling(Value in, Shape out, algorithm kind, int window, int strides, Padding padding) {
        int[] pad = padding.amounts(in.shape().dim(1), window, strides);
        Shape outSequence = out.rank() == 3 ? out : Shape.of(batchSize, 1, out.dim(1));
        memory.desc src = desc(in.shape());
        memory.desc dst = desc(outSequence);
        pooling_forward.primitive_desc pd = KernelThreads.withTeam(false, () -> new pooling_forward.primitive_desc(ENGINE,
                prop_kind.forward_inference, kind, src, dst, new long[] {strides}, new long[] {window}, new long[] {0},
                new long[] {pad[0]}, new long[] {pad[1]}, userScratchpad(), false));
        Value y = new Value(allocate(out), out);
        addStep(() -> new pooling_forward(pd), arguments(DNNL_ARG_SRC, bind(src, in), DNNL_ARG_DST, bind(dst, y)), pd,
                false);
        return y;
    }

    private Value dense(Dense dense, PlannedLayer layer, Value in, Shape out) {
        int features = in.shape().dim(-1);
        long rows = in.shape().size() / features;
        memory.desc src = new memory.desc(new long[] {rows, features}, memory.data_type.f32, memory.format_tag.nc);
        memory.desc dst = new memory.desc(new long[] {rows, dense.units()}, memory.data_type.f32,
                memory.format_tag.nc);
        long[] kernelDims = {dense.units(), features};
        memory.desc anyKernel = new memory.desc(kernelDims, memory.data_type.f32, memory.format_tag.any);
        primitive_attr attributes = attributes(dense.activation());
        memory.desc bias = new memory.desc(new long[] {dense.units()}, memory.data_type.f32, memory.format_tag.x);
        boolean team = rows * features * dense.units() >= KernelThreads.PARALLEL_MACS;
        inner_product_forward.primitive_desc pd = KernelThreads.withTeam(team, () -> dense.useBias()
                ? new inner_product_forward.primitive_desc(ENGINE, prop_kind.forward_inference, src, anyKernel, bias,
                        dst, attributes, false)
                : new inner_product_forward.primitive_desc(ENGINE, prop_kind.forward_inference, src, anyKernel, dst,
                        attributes, false));
        Value y = new Value(allocate(out), out);
        IntMemoryMap arguments = arguments(DNNL_ARG_SRC, bind(src, in), DNNL_ARG_DST, bind(dst, y),
                DNNL_ARG_WEIGHTS, weights(layer.weight(WeightSpec.KERNEL),
                        new memory.desc(kernelDims, memory.data_type.f32, memory.format_tag.io), pd.weights_desc()));
        if (dense.useBias()) {
            arguments.put(DNNL_ARG_BIAS, filled(bias, layer.weight(WeightSpec.BIAS)));
        }
        addStep(() -> new inner_product_forward(pd), arguments, pd, team);
        return softmaxIfAsked(y, dense.activation());
    }

    /** {@code activation} applied in place to {@code value}'s buffer. */
    private Value activate(Value value, Activation activation) {
        if (activation == Activation.SOFTMAX) {
            return softmaxIfAsked(value, activation);
        }
        Eltwise eltwise = Eltwise.of(activation);
        if (eltwise == null) {
            return value;
        }
        memory.desc desc = flat(value.shape());
        eltwise_forward.primitive_desc pd = KernelThreads.withTeam(false, () -> new eltwise_forward.primitive_desc(ENGINE,
                prop_kind.forward_inference, eltwise.kind(), desc, desc, eltwise.alpha(), eltwise.beta(),
                userScratchpad(), false));
        memory data = bind(desc, value);
        addStep(() -> new eltwise_forward(pd), arguments(DNNL_ARG_SRC, data, DNNL_ARG_DST, data), pd, false);
        return value;
    }

    /** Softmax over the last axis in place, when {@code activation} is softmax (the others are post-ops). */
    private Value softmaxIfAsked(Value value, Activation activation) {
        if (activation != Activation.SOFTMAX) {
            return value;
        }
        int last = value.shape().dim(-1);
        memory.desc desc = new memory.desc(new long[] {value.shape().size() / last, last}, memory.data_type.f32,
                memory.format_tag.nc);
        softmax_forward.primitive_desc pd = KernelThreads.withTeam(false, () -> new softmax_forward.primitive_desc(ENGINE,
                prop_kind.forward_inference, algorithm.softmax_accurate, desc, desc, 1, userScratchpad(), false));
        memory data = bind(desc, value);
        addStep(() -> new softmax_forward(pd), arguments(DNNL_ARG_SRC, data, DNNL_ARG_DST, data), pd, false);
        return value;
    }

    /** An activation as oneDNN's element-wise algorithm {@code kind(x; alpha, beta)}. */
    private record Eltwise(algorithm kind, float alpha, float beta) {

        /** The algorithm computing {@code activation}, or null for linear (and softmax, not element-wise). */
        static Eltwise of(Activation activation) {
            return switch (activation) {
                case LINEAR, SOFTMAX -> null;
                case RELU -> new Eltwise(algorithm.eltwise_relu, 0f, 0f);
                case SIGMOID -> new Eltwise(algorithm.eltwise_logistic, 0f, 0f);
                case TANH -> new Eltwise(algorithm.eltwise_tanh, 0f, 0f);
                case HARD_SIGMOID -> new Eltwise(algorithm.eltwise_hardsigmoid, 1f / 6f, 0.5f);
                case HARD_SIGMOID_KERAS2 -> new Eltwise(algorithm.eltwise_hardsigmoid, 0.2f, 0.5f);
            };
        }
    }

    /** User scratchpad mode, plus {@code activation} as a post-op when it is element-wise. */
    private static primitive_attr attributes(Activation activation) {
        primitive_attr attributes = userScratchpad();
        Eltwise eltwise = Eltwise.of(activation);
        if (eltwise != null) {
            post_ops ops = new post_ops();
            ops.append_eltwise(eltwise.kind(), eltwise.alpha(), eltwise.beta());
            attributes.set_post_ops(ops);
        }
        return attributes;
    }

    private static primitive_attr userScratchpad() {
        primitive_attr attributes = new primitive_attr();
        attributes.set_scratchpad_mode(scratchpad_mode.user);
        return attributes;
    }

    /**
     * The weight {@code plain} (of layout {@code plainDesc}) in the layout {@code chosen} a primitive asked for:
     * copied into native memory, then reordered there once, when the plan is made.
     */
    private memory weights(NdArray plain, memory.desc plainDesc, memory.desc chosen) {
        memory source = filled(plainDesc, plain);
        if (plainDesc.equals(chosen)) {
            return source;
        }
        memory target = new memory(chosen, ENGINE);
        reorder.primitive_desc pd = new reorder.primitive_desc(ENGINE, plainDesc, ENGINE, chosen, userScratchpad(),
                false);
        weightReorders.add(new Pending(new reorder(pd), arguments(DNNL_ARG_FROM, source, DNNL_ARG_TO, target),
                pd.scratchpad_desc()));
        return target;
    }

    /** A new native memory of {@code desc} holding {@code values}. */
    private static memory filled(memory.desc desc, NdArray values) {
        memory m = new memory(desc, ENGINE);
        FloatBuffer buffer = floats(m, values.size());
        buffer.put(0, values.floatBuffer(), 0, values.size());
        return m;
    }

    /** The embedding lookup that writes {@code out}, checking each id. */
    private static Nd4jInferencePlan.Input embeddingLookup(Embedding embedding, NdArray embeddings, FloatBuffer out) {
        FloatBuffer table = embeddings.floatBuffer();
        int dim = embedding.outputDim();
        int rows = embedding.inputDim();
        return x -> {
            int[] ids = x.toIntArray();
            for (int i = 0; i < ids.length; i++) {
                int id = ids[i];
                if (id < 0 || id >= rows) {
                    throw new IllegalArgumentException("Embedding: token id " + id + " at flat index " + i
                            + " is outside [0, " + rows + "); map rare words to an id below inputDim");
                }
                out.put(i * dim, table, id * dim, dim);
            }
        };
    }

    private static memory allocate(Shape shape) {
        return new memory(flat(shape), ENGINE);
    }

    /** A view of {@code value}'s buffer in the layout {@code desc}, for a primitive's argument. */
    private static memory bind(memory.desc desc, Value value) {
        if (desc.get_size() != value.shape().size() * Float.BYTES) {
            throw new IllegalStateException("A buffer of " + value.shape() + " does not fill " + desc.get_size()
                    + " bytes");
        }
        return new memory(desc, ENGINE, value.buffer().get_data_handle());
    }

    private static FloatBuffer floats(Value value) {
        return floats(value.buffer(), Math.toIntExact(value.shape().size()));
    }

    private static FloatBuffer floats(memory m, int size) {
        return new FloatPointer(m.get_data_handle()).capacity(size).asBuffer();
    }

    /** {@code (batch, time, channels)} as oneDNN's {@code nwc} {@code (N, C, W)}, {@code (batch, features)} as {@code nc}. */
    private static memory.desc desc(Shape shape) {
        return shape.rank() == 3
                ? new memory.desc(new long[] {shape.dim(0), shape.dim(2), shape.dim(1)}, memory.data_type.f32,
                        memory.format_tag.nwc)
                : flat(shape);
    }

    /** Any dense shape as {@code (rows, last axis)} rows, {@code nc}. */
    private static memory.desc flat(Shape shape) {
        int last = shape.dim(-1);
        return new memory.desc(new long[] {shape.size() / last, last}, memory.data_type.f32, memory.format_tag.nc);
    }

    private static IntMemoryMap arguments(Object... idsAndMemories) {
        IntMemoryMap map = new IntMemoryMap();
        for (int i = 0; i < idsAndMemories.length; i += 2) {
            map.put((Integer) idsAndMemories[i], (memory) idsAndMemories[i + 1]);
        }
        return map;
    }

    /**
     * Adds the primitive {@code make} makes, made and run with the calling thread's OpenMP {@code team} or on that
     * thread alone ({@link KernelThreads}), as its descriptor {@code pd} must have been made: oneDNN fixes the team
     * of some implementations when it makes the descriptor (a {@code brg_conv_fwd} convolution whose descriptor was
     * made with the default team forked a team of two at every call, made with a team of one or not).
     */
    private void addStep(Supplier<primitive> make, IntMemoryMap arguments, primitive_desc_base pd, boolean team) {
        primitive made = KernelThreads.withTeam(team, make);
        primitives.add(new Pending(made, arguments, pd.scratchpad_desc()));
        steps.add(new Nd4jInferencePlan.PrimitiveStep(made, arguments, team));
    }
}
