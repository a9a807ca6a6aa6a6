package dev.seqconv.api.autodiff;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.ops.Composed;
import dev.seqconv.api.ops.Conv1dLayer;
import dev.seqconv.api.ops.GruRecurrence;
import dev.seqconv.api.ops.LstmRecurrence;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.RmspropStep;
import dev.seqconv.api.ops.SequenceLoop;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.ops.Variable;
import dev.seqconv.api.spi.Conv1dInferenceKernel;
import dev.seqconv.api.spi.Conv1dLayerKernel;
import dev.seqconv.api.spi.GruInferenceKernel;
import dev.seqconv.api.spi.GruKernel;
import dev.seqconv.api.spi.Kernels;
import dev.seqconv.api.spi.LoopKernel;
import dev.seqconv.api.spi.LstmInferenceKernel;
import dev.seqconv.api.spi.MaxOverAxisKernel;
import dev.seqconv.api.spi.MaxPool1dInferenceKernel;
import dev.seqconv.api.spi.MaxPool1dKernel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@link Ops} on an engine's {@link Kernels}, with reverse-mode differentiation: while recording, each
 * operation on a watched tensor (or one computed from it) is written to a tape with its gradient rule, and
 * {@link #gradients} walks the tape backwards. The rules are TensorFlow's, so both engines differentiate alike.
 *
 * <p>For the operations an engine may run fused ({@link #conv1dLayer}, {@link #gru}, {@link #rmsprop}) this is also where the engine's
 * capability is resolved: its fused kernel when it offers one that supports the configuration, recorded as one
 * node with the kernel's own backward; else the composed form, differentiated like any composition. Likewise
 * {@link #loop} runs as the engine's loop only while nothing is recorded, and is unrolled otherwise; {@link
 * #conv1dLayer}, {@link #maxPool1d}, {@link #gru} and {@link #lstm} run as the engine's inference kernels ({@link
 * Conv1dInferenceKernel}, {@link MaxPool1dInferenceKernel}, {@link GruInferenceKernel}, {@link LstmInferenceKernel})
 * only while nothing is recorded; {@link #maxPool1d} runs as the engine's {@link MaxPool1dKernel} (which keeps the
 * maxima's positions), and {@link #max} over one axis as its {@link MaxOverAxisKernel} (which counts the maxima's
 * ties), only where they are recorded.
 *
 * <p>A tape is used once, like TensorFlow's non-persistent {@code GradientTape}: computing gradients ends
 * the recording.
 */
public final class TapeOps implements Ops {

    private final Kernels k;
    private final Set<Tensor> tracked = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The input of each sigmoid and softmax result, with the activation that made it. */
    private final Map<Tensor, Logits> logits = new IdentityHashMap<>();
    private final List<Node> tape = new ArrayList<>();
    private boolean recording;

    private TapeOps(Kernels kernels, boolean recording) {
        this.k = kernels;
        this.recording = recording;
    }

    /** Operations that are recorded for {@link #gradients}. */
    public static TapeOps recording(Kernels kernels) {
        return new TapeOps(kernels, true);
    }

    /** Operations that are not recorded: for inference. */
    public static TapeOps inference(Kernels kernels) {
        return new TapeOps(kernels, false);
    }

    /** Marks {@code t} as a source that {@link #gradients} can differentiate with respect to; returns it. */
    public Tensor watch(Tensor t) {
        if (!recording) {
            throw new IllegalStateException("This tape is not recording: watch tensors before computing gradients");
        }
        tracked.add(t);
        return t;
    }

    /**
     * The gradients of the scalar {@code target} with respect to each of {@code sources}, which must have been
     * {@linkplain #watch watched}. A source that {@code target} does not depend on gets zeros. Ends recording.
     */
    public List<Tensor> gradients(Tensor target, List<Tensor> sources) {
        if (!recording) {
            throw new IllegalStateException("Gradients need a recording tape, and each tape gives gradients once");
        }
        if (target.rank() != 0) {
            throw new IllegalArgumentException("Gradients are taken of a scalar, got shape " + target.shape());
        }
        recording = false;
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        grads.put(target, k.scalar(1f));
        for (int n = tape.size() - 1; n >= 0; n--) {
            Node node = tape.get(n);
            Tensor[] outputGrads = new Tensor[node.outputs.size()];
            boolean any = false;
            for (int o = 0; o < outputGrads.length; o++) {
                outputGrads[o] = grads.get(node.outputs.get(o));
                any |= outputGrads[o] != null;
            }
            if (!any) {
                continue;
            }
            Tensor[] inputGrads = node.backward.apply(outputGrads, node.needed);
            for (int i = 0; i < node.inputs.length; i++) {
                if (node.needed[i] && inputGrads[i] != null) {
                    grads.merge(node.inputs[i], inputGrads[i], k::add);
                }
            }
        }
        List<Tensor> result = new ArrayList<>(sources.size());
        for (Tensor source : sources) {
            if (!tracked.contains(source)) {
                throw new IllegalArgumentException("Gradient asked for a tensor that was never watched: " + source.shape());
            }
            Tensor g = grads.get(source);
            result.add(g != null ? g : k.broadcastLike(k.scalar(0f), source));
        }
        return result;
    }

    // ---- sources: leaves of the tape

    @Override
    public Tensor constant(NdArray value) {
        return k.constant(value);
    }

    @Override
    public Tensor scalar(float value) {
        return k.scalar(value);
    }

    @Override
    public Tensor read(Variable variable) {
        return k.read(variable);
    }

    // ---- element-wise

    @Override
    public Tensor add(Tensor a, Tensor b) {
        return record(k.add(a, b), (g, need) -> new Tensor[] {reduceTo(g, a.shape()), reduceTo(g, b.shape())}, a, b);
    }

    @Override
    public Tensor subtract(Tensor a, Tensor b) {
        return record(k.subtract(a, b),
                (g, need) -> new Tensor[] {reduceTo(g, a.shape()), need[1] ? reduceTo(k.negate(g), b.shape()) : null},
                a, b);
    }

    @Override
    public Tensor multiply(Tensor a, Tensor b) {
        return record(k.multiply(a, b), (g, need) -> new Tensor[] {
                need[0] ? reduceTo(k.multiply(g, b), a.shape()) : null,
                need[1] ? reduceTo(k.multiply(g, a), b.shape()) : null}, a, b);
    }

    @Override
    public Tensor divide(Tensor a, Tensor b) {
        return record(k.divide(a, b), (g, need) -> new Tensor[] {
                need[0] ? reduceTo(k.divide(g, b), a.shape()) : null,
                need[1] ? reduceTo(k.multiply(g, k.divide(k.divide(k.negate(a), b), b)), b.shape()) : null}, a, b);
    }

    @Override
    public Tensor maximum(Tensor a, Tensor b) {
        return record(k.maximum(a, b), (g, need) -> routeBy(k.greaterEqual(a, b), g, a, b), a, b);
    }

    @Override
    public Tensor minimum(Tensor a, Tensor b) {
        return record(k.minimum(a, b), (g, need) -> routeBy(k.greaterEqual(b, a), g, a, b), a, b);
    }

    /** The gradient of a two-way choice: {@code g} goes to {@code a} where {@code toA} is 1, else to {@code b}. */
    private Tensor[] routeBy(Tensor toA, Tensor g, Tensor a, Tensor b) {
        Tensor ga = k.multiply(g, toA);
        return new Tensor[] {reduceTo(ga, a.shape()), reduceTo(k.subtract(g, ga), b.shape())};
    }

    @Override
    public Tensor greater(Tensor a, Tensor b) {
        return k.greater(a, b);
    }

    @Override
    public Tensor equal(Tensor a, Tensor b) {
        return k.equal(a, b);
    }

    @Override
    public Tensor negate(Tensor x) {
        return record(k.negate(x), (g, need) -> new Tensor[] {k.negate(g)}, x);
    }

    @Override
    public Tensor square(Tensor x) {
        return record(k.square(x), (g, need) -> new Tensor[] {k.multiply(g, k.multiply(x, k.scalar(2f)))}, x);
    }

    @Override
    public Tensor sqrt(Tensor x) {
        Tensor y = k.sqrt(x);
        return record(y, (g, need) -> new Tensor[] {k.divide(k.multiply(g, k.scalar(0.5f)), y)}, x);
    }

    @Override
    public Tensor exp(Tensor x) {
        Tensor y = k.exp(x);
        return record(y, (g, need) -> new Tensor[] {k.multiply(g, y)}, x);
    }

    @Override
    public Tensor log(Tensor x) {
        return record(k.log(x), (g, need) -> new Tensor[] {k.divide(g, x)}, x);
    }

    @Override
    public Tensor abs(Tensor x) {
        return record(k.abs(x), (g, need) -> new Tensor[] {k.multiply(g, k.sign(x))}, x);
    }

    @Override
    public Tensor relu(Tensor x) {
        Tensor y = k.relu(x);
        return record(y, (g, need) -> new Tensor[] {k.multiply(g, k.greater(y, k.scalar(0f)))}, x);
    }

    @Override
    public Tensor sigmoid(Tensor x) {
        Tensor y = k.sigmoid(x);
        logits.put(y, new Logits(Activation.SIGMOID, x));
        return record(y, (g, need) -> new Tensor[] {
                k.multiply(g, k.multiply(y, k.subtract(k.scalar(1f), y)))}, x);
    }

    @Override
    public Tensor tanh(Tensor x) {
        Tensor y = k.tanh(x);
        return record(y, (g, need) -> new Tensor[] {k.multiply(g, k.subtract(k.scalar(1f), k.square(y)))}, x);
    }

    @Override
    public Tensor softmax(Tensor x) {
        Tensor y = k.softmax(x);
        logits.put(y, new Logits(Activation.SOFTMAX, x));
        return record(y, (g, need) -> new Tensor[] {
                k.multiply(y, k.subtract(g, k.sum(k.multiply(g, y), true, x.rank() - 1)))}, x);
    }

    // ---- reductions

    @Override
    public Tensor sum(Tensor x, boolean keepDims, int... axes) {
        int[] normalized = normalizeAxes(x.shape(), axes);
        return record(k.sum(x, keepDims, normalized),
                (g, need) -> new Tensor[] {k.broadcastLike(keepDimsOf(g, x.shape(), normalized, keepDims), x)}, x);
    }

    @Override
    public Tensor max(Tensor x, boolean keepDims, int... axes) {
        int[] normalized = normalizeAxes(x.shape(), axes);
        Optional<MaxOverAxisKernel> kernel = recording && tracked.contains(x) && normalized.length == 1
                ? k.maxOverAxisKernel() : Optional.empty();
        if (kernel.isPresent()) {
            MaxOverAxisKernel.Run run = kernel.get().forward(x, normalized[0], keepDims);
            return record(run.output(), (g, need) -> new Tensor[] {run.backward(g)}, x);
        }
        Tensor y = k.max(x, keepDims, normalized);
        return record(y, (g, need) -> {
            Tensor isMax = k.equal(x, keepDimsOf(y, x.shape(), normalized, keepDims));
            Tensor share = k.divide(keepDimsOf(g, x.shape(), normalized, keepDims), k.sum(isMax, true, normalized));
            return new Tensor[] {k.multiply(isMax, share)};
        }, x);
    }

    @Override
    public Tensor mean(Tensor x, boolean keepDims, int... axes) {
        int[] normalized = normalizeAxes(x.shape(), axes);
        return divide(sum(x, keepDims, normalized), k.count(x, normalized));
    }

    // ---- shape

    @Override
    public Tensor reshape(Tensor x, Shape shape) {
        return record(k.reshape(x, shape), (g, need) -> new Tensor[] {k.reshape(g, x.shape())}, x);
    }

    @Override
    public Tensor slice(Tensor x, int axis, int start, int length) {
        int a = x.shape().normalizeAxis(axis);
        int size = knownDim(x, a, "slice");
        if (start < 0 || length < 0 || start + length > size) {
            throw new IllegalArgumentException(
                    "Slice [" + start + ", " + (start + length) + ") is outside axis " + a + " of size " + size);
        }
        return record(k.slice(x, a, start, length),
                (g, need) -> new Tensor[] {k.pad(g, a, start, size - start - length, 0f)}, x);
    }

    @Override
    public Tensor pad(Tensor x, int axis, int before, int after, float value) {
        int a = x.shape().normalizeAxis(axis);
        int size = knownDim(x, a, "pad");
        if (before == 0 && after == 0) {
            return x;
        }
        return record(k.pad(x, a, before, after, value), (g, need) -> new Tensor[] {k.slice(g, a, before, size)}, x);
    }

    @Override
    public Tensor concat(List<Tensor> xs, int axis) {
        int a = xs.get(0).shape().normalizeAxis(axis);
        int[] sizes = xs.stream().mapToInt(x -> knownDim(x, a, "concat")).toArray();
        return record(k.concat(xs, a), (g, need) -> {
            Tensor[] parts = new Tensor[sizes.length];
            int offset = 0;
            for (int i = 0; i < sizes.length; i++) {
                parts[i] = need[i] ? k.slice(g, a, offset, sizes[i]) : null;
                offset += sizes[i];
            }
            return parts;
        }, xs.toArray(Tensor[]::new));
    }

    @Override
    public List<Tensor> unstack(Tensor x, int axis) {
        int a = x.shape().normalizeAxis(axis);
        List<Tensor> parts = k.unstack(x, a);
        return recordAll(parts, (gs, need) -> {
            List<Tensor> filled = new ArrayList<>(gs.length);
            for (int i = 0; i < gs.length; i++) {
                filled.add(gs[i] != null ? gs[i] : k.broadcastLike(k.scalar(0f), parts.get(i)));
            }
            return new Tensor[] {k.stack(filled, a)};
        }, x);
    }

    @Override
    public Tensor stack(List<Tensor> xs, int axis) {
        int a = axis < 0 ? axis + xs.get(0).rank() + 1 : axis;
        return record(k.stack(xs, a), (g, need) -> k.unstack(g, a).toArray(Tensor[]::new), xs.toArray(Tensor[]::new));
    }

    // ---- linear algebra and layers

    @Override
    public Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        if (a.rank() != 2 || b.rank() != 2) {
            throw new IllegalArgumentException("matmul takes rank-2 tensors, got " + a.shape() + " and " + b.shape());
        }
        return record(k.matmul(a, b, transposeA, transposeB), (g, need) -> {
            // C = op(A)·op(B); each case is the transpose-aware form of dA = g·Bᵀ, dB = Aᵀ·g.
            Tensor da = null;
            Tensor db = null;
            if (need[0]) {
                da = transposeA ? k.matmul(b, g, transposeB, true) : k.matmul(g, b, false, !transposeB);
            }
            if (need[1]) {
                db = transposeB ? k.matmul(g, a, true, transposeA) : k.matmul(a, g, !transposeA, false);
            }
            return new Tensor[] {da, db};
        }, a, b);
    }

    @Override
    public Tensor gather(Tensor table, Tensor ids) {
        int rows = knownDim(table, 0, "gather");
        return record(k.gather(table, ids), (g, need) -> new Tensor[] {k.scatterAddRows(g, ids, rows), null}, table, ids);
    }

    @Override
    public Tensor conv1d(Tensor x, Tensor kernel, int stride, int dilation) {
        return record(k.conv1d(x, kernel, stride, dilation), (g, need) -> k.conv1dGradients(
                x, kernel, g, stride, dilation, need[0], need[1]).toArray(Tensor[]::new), x, kernel);
    }

    @Override
    public Tensor maxPool1d(Tensor x, int poolSize, int stride) {
        Optional<MaxPool1dInferenceKernel> inference = inferenceKernel(k.maxPool1dInference(), kernel -> true);
        if (inference.isPresent()) {
            return inference.get().maxPool1d(x, poolSize, stride);
        }
        Optional<MaxPool1dKernel> kernel = recording && tracked.contains(x) ? k.maxPool1dKernel() : Optional.empty();
        if (kernel.isPresent()) {
            MaxPool1dKernel.Run run = kernel.get().forward(x, poolSize, stride);
            return record(run.output(), (g, need) -> new Tensor[] {run.backward(g)}, x);
        }
        Tensor y = k.maxPool1d(x, poolSize, stride);
        return record(y, (g, need) -> new Tensor[] {k.maxPool1dGradient(x, y, g, poolSize, stride)}, x);
    }

    @Override
    public Tensor avgPool1d(Tensor x, int poolSize, int stride) {
        return record(k.avgPool1d(x, poolSize, stride),
                (g, need) -> new Tensor[] {k.avgPool1dGradient(x, g, poolSize, stride)}, x);
    }

    // ---- operations an engine may fuse: its kernel where it supports the configuration, else composed

    @Override
    public Tensor conv1dLayer(Conv1dLayer layer) {
        Optional<Conv1dInferenceKernel> inference = inferenceKernel(k.conv1dInference(),
                kernel -> kernel.supports(layer));
        if (inference.isPresent()) {
            return inference.get().output(layer);
        }
        Optional<Conv1dLayerKernel> fused = k.conv1dLayer().filter(kernel -> kernel.supports(layer));
        if (fused.isEmpty()) {
            return Composed.conv1dLayer(this, layer);
        }
        Conv1dLayerKernel.Run run = fused.get().forward(layer);
        return record(run.output(), (g, need) -> run.backward(g, need).toArray(Tensor[]::new),
                layer.differentiable().toArray(Tensor[]::new));
    }

    /**
     * The engine's inference kernel where nothing is recorded and it supports the recurrence; else its fused kernel,
     * recorded as one node; else composed.
     */
    @Override
    public Tensor gru(GruRecurrence recurrence) {
        Optional<GruInferenceKernel> inference = inferenceKernel(k.gruInference(),
                kernel -> kernel.supports(recurrence));
        if (inference.isPresent()) {
            return inference.get().output(recurrence);
        }
        Optional<GruKernel> fused = k.gru().filter(kernel -> kernel.supports(recurrence));
        if (fused.isEmpty()) {
            return Composed.gru(this, recurrence);
        }
        GruKernel.Run run = fused.get().forward(recurrence);
        Tensor states = record(run.states(), (g, need) -> run.backward(g).toArray(Tensor[]::new),
                recurrence.differentiable().toArray(Tensor[]::new));
        if (recurrence.returnSequences()) {
            return states;
        }
        int time = states.shape().dim(1);
        return reshape(slice(states, 1, time - 1, 1), Shape.of(Shape.UNKNOWN, recurrence.units()));
    }

    /** The engine's inference kernel where nothing is recorded and it supports the recurrence; else composed. */
    @Override
    public Tensor lstm(LstmRecurrence recurrence) {
        Optional<LstmInferenceKernel> inference = inferenceKernel(k.lstmInference(),
                kernel -> kernel.supports(recurrence));
        return inference.isPresent() ? inference.get().output(recurrence) : Composed.lstm(this, recurrence);
    }

    /** An inference kernel the engine offers and {@code supports} accepts, only where nothing is recorded. */
    private <K> Optional<K> inferenceKernel(Optional<K> offered, Predicate<K> supports) {
        return recording ? Optional.empty() : offered.filter(supports);
    }

    /**
     * The engine's loop where nothing is recorded and the engine offers one for that many steps; else unrolled, and
     * so recorded.
     */
    @Override
    public Tensor loop(SequenceLoop loop) {
        if (!recording) {
            Optional<LoopKernel> kernel = k.loop();
            if (kernel.isPresent() && loop.time() >= kernel.get().shortestLoop()) {
                return kernel.get().forward(loop, TapeOps::inference);
            }
        }
        return Composed.loop(this, loop);
    }

    @Override
    public RmspropStep.Result rmsprop(RmspropStep step) {
        return k.rmsprop().map(kernel -> kernel.apply(step)).orElseGet(() -> Composed.rmsprop(this, step));
    }

    @Override
    public Tensor zerosLike(Tensor x) {
        return k.broadcastLike(k.scalar(0f), x);
    }

    @Override
    public Optional<Tensor> logitsOf(Tensor probabilities, Activation activation) {
        return Optional.ofNullable(logits.get(probabilities)).filter(l -> l.activation() == activation)
                .map(Logits::x);
    }

    /** The input {@code x} a probability tensor was computed from by {@code activation}. */
    private record Logits(Activation activation, Tensor x) {
    }

    // ---- the tape

    /** The gradients of one operation's inputs given the gradient of its output; {@code null} where not needed. */
    @FunctionalInterface
    private interface Backward {
        Tensor[] apply(Tensor outputGradient, boolean[] needed);
    }

    /**
     * The gradients of an operation with several outputs; an output that received no gradient gets {@code null}
     * and counts as zeros.
     */
    @FunctionalInterface
    private interface MultiBackward {
        Tensor[] apply(Tensor[] outputGradients, boolean[] needed);
    }

    private record Node(List<Tensor> outputs, Tensor[] inputs, boolean[] needed, MultiBackward backward) {
    }

    private Tensor record(Tensor output, Backward backward, Tensor... inputs) {
        recordAll(List.of(output), (gs, need) -> backward.apply(gs[0], need), inputs);
        return output;
    }

    private List<Tensor> recordAll(List<Tensor> outputs, MultiBackward backward, Tensor... inputs) {
        if (!recording) {
            return outputs;
        }
        boolean[] needed = new boolean[inputs.length];
        boolean any = false;
        for (int i = 0; i < inputs.length; i++) {
            needed[i] = tracked.contains(inputs[i]);
            any |= needed[i];
        }
        if (any) {
            tracked.addAll(outputs);
            tape.add(new Node(outputs, inputs, needed, backward));
        }
        return outputs;
    }

    /** Sums a broadcast gradient back to the shape of the operand it was broadcast from. */
    private Tensor reduceTo(Tensor g, Shape target) {
        Shape from = g.shape();
        int extra = from.rank() - target.rank();
        List<Integer> axes = new ArrayList<>();
        for (int axis = 0; axis < from.rank(); axis++) {
            if (axis < extra || (target.dim(axis - extra) == 1 && from.dim(axis) != 1)) {
                axes.add(axis);
            }
        }
        if (axes.isEmpty()) {
            return g;
        }
        Tensor summed = k.sum(g, true, axes.stream().mapToInt(Integer::intValue).toArray());
        return extra == 0 ? summed : k.reshape(summed, target);
    }

    /** A reduction's result (or its gradient) reshaped to keep the reduced axes with size 1, to broadcast back. */
    private Tensor keepDimsOf(Tensor reduced, Shape input, int[] axes, boolean alreadyKept) {
        if (alreadyKept) {
            return reduced;
        }
        Shape kept = input;
        for (int axis : axes) {
            kept = kept.withDim(axis, 1);
        }
        return k.reshape(reduced, kept);
    }

    private static int[] normalizeAxes(Shape shape, int[] axes) {
        return Arrays.stream(axes).map(shape::normalizeAxis).sorted().distinct().toArray();
    }

    private static int knownDim(Tensor x, int axis, String op) {
        int size = x.shape().dim(axis);
        if (size == Shape.UNKNOWN) {
            throw new IllegalArgumentException(op + " needs a known size along axis " + axis + ", got " + x.shape());
        }
        return size;
    }
}
