package dev.seqconv.backend.tensorflow;

import static dev.seqconv.backend.tensorflow.TfTensor.operandOf;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.ops.Conv1dLayer;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.ops.Variable;
import dev.seqconv.api.spi.Conv1dInferenceKernel;
import dev.seqconv.api.spi.Conv1dLayerKernel;
import dev.seqconv.api.spi.GruInferenceKernel;
import dev.seqconv.api.spi.Kernels;
import dev.seqconv.api.spi.LoopKernel;
import dev.seqconv.api.spi.LstmInferenceKernel;
import dev.seqconv.api.spi.MaxPool1dInferenceKernel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.tensorflow.Operand;
import org.tensorflow.OperationBuilder;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.SwitchCond;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.op.nn.Conv2dBackpropFilter;
import org.tensorflow.op.nn.Conv2dBackpropInput;
import org.tensorflow.op.sparse.SparseTensorDenseMatMul;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The kernels as TensorFlow graph operations: each call adds nodes to the graph being traced. Conv1D and
 * pooling run as their 2-D ops on a height-1 image, as Keras does; their gradients are TensorFlow's own
 * backprop ops.
 */
final class TfKernels implements Kernels {

    private static final String VALID = "VALID";

    private final Ops tf;
    private final IntFunction<Operand<?>> handles;
    private final boolean fusedKernels;
    private final Map<Integer, Operand<TFloat32>> reads = new HashMap<>();
    /**
     * The height-1 image behind each Conv1D and pooling output traced here. A bias added to such an output, or an
     * activation applied to it, is applied to its image instead ({@code Conv2D → BiasAdd → Relu}, then one {@code
     * Squeeze}): the shape Grappler fuses into one convolution; the next pooling or convolution reads the image
     * without expanding it again. The values are the same, as the bias and the activation are element-wise.
     */
    private final Map<Operand<?>, Operand<TFloat32>> images = new IdentityHashMap<>();
    /** The table and ids behind each embedding lookup traced here, which a Conv1D layer over it may fold. */
    private final Map<Operand<?>, Lookup> lookups = new IdentityHashMap<>();
    /** The input gradient of each Conv1D layer folded into a lookup, with the table's gradient that replaces it. */
    private final Map<Operand<?>, FoldedTableGradient> foldedInputGradients = new IdentityHashMap<>();

    /** Kernels that offer the engine's fused kernels. */
    TfKernels(Ops tf, IntFunction<Operand<?>> handles) {
        this(tf, handles, true);
    }

    /**
     * @param tf           the graph's op factory
     * @param handles      the resource handle of each variable id
     * @param fusedKernels whether to offer the whole Conv1D layer ({@link #conv1dLayer()}), and the kernels for
     *                     prediction ({@link #conv1dInference()}, {@link #maxPool1dInference()}, {@link
     *                     #gruInference()}, {@link #lstmInference()})
     */
    TfKernels(Ops tf, IntFunction<Operand<?>> handles, boolean fusedKernels) {
        this.tf = tf;
        this.handles = handles;
        this.fusedKernels = fusedKernels;
    }

    /** The whole Conv1D layer on its image, for a linear or ReLU activation ({@link Conv1dLayerOnImage}). */
    @Override
    public Optional<Conv1dLayerKernel> conv1dLayer() {
        return fusedKernels ? Optional.of(new Conv1dLayerOnImage()) : Optional.empty();
    }

    /**
     * The Conv1D layer on the calling thread for small calls, where seqconv's TensorFlow operations loaded ({@link
     * TfConv1dInference}).
     */
    @Override
    public Optional<Conv1dInferenceKernel> conv1dInference() {
        return whereOperationsLoaded(() -> new TfConv1dInference(tf, new Conv1dLayerOnImage()));
    }

    /** MaxPooling1D on the calling thread, where seqconv's operations loaded ({@link TfMaxPool1dInference}). */
    @Override
    public Optional<MaxPool1dInferenceKernel> maxPool1dInference() {
        return whereOperationsLoaded(() -> new TfMaxPool1dInference(tf));
    }

    /** The GRU's recurrence as one operation, where seqconv's TensorFlow operations loaded ({@link TfRecurrences}). */
    @Override
    public Optional<GruInferenceKernel> gruInference() {
        return whereOperationsLoaded(() -> new TfRecurrences(tf));
    }

    /** The LSTM's recurrence as one operation, likewise. */
    @Override
    public Optional<LstmInferenceKernel> lstmInference() {
        return whereOperationsLoaded(() -> new TfRecurrences(tf));
    }

    /** The kernel where this executor offers fused kernels and seqconv's TensorFlow operations loaded; else empty. */
    private <K> Optional<K> whereOperationsLoaded(Supplier<K> kernel) {
        return fusedKernels && TfNativeOps.available() ? Optional.of(kernel.get()) : Optional.empty();
    }

    /** TensorFlow's while loop, for functions that compute no gradients ({@link TfLoop}). */
    @Override
    public Optional<LoopKernel> loop() {
        return Optional.of(new TfLoop(tf));
    }

    // ---- sources

    @Override
    public Tensor constant(NdArray value) {
        org.tensorflow.ndarray.Shape shape = TfConversions.shape(value.shape());
        return switch (value.dataType()) {
            case FLOAT32 -> wrap(tf.constant(shape, DataBuffers.of(value.toFloatArray(), true, false)));
            case INT32 -> wrap(tf.constant(shape, DataBuffers.of(value.toIntArray(), true, false)));
        };
    }

    @Override
    public Tensor scalar(float value) {
        return wrap(tf.constant(value));
    }

    /** One read per variable and function, so that every use sees the value the function started with. */
    @Override
    public Tensor read(Variable variable) {
        return wrap(reads.computeIfAbsent(variable.id(),
                id -> tf.readVariableOp(handles.apply(id), TFloat32.class)));
    }

    // ---- element-wise

    @Override
    public Tensor add(Tensor a, Tensor b) {
        Operand<TFloat32> image = images.get(operandOf(a));
        if (image != null && b.rank() == 1 && b.shape().dim(0) == a.shape().dim(-1)) {
            return fromImage(tf.nn.biasAdd(image, f(b)));
        }
        return binary(a, b, tf.math::add);
    }

    @Override
    public Tensor subtract(Tensor a, Tensor b) {
        return binary(a, b, tf.math::sub);
    }

    @Override
    public Tensor multiply(Tensor a, Tensor b) {
        return binary(a, b, tf.math::mul);
    }

    @Override
    public Tensor divide(Tensor a, Tensor b) {
        return binary(a, b, tf.math::div);
    }

    @Override
    public Tensor maximum(Tensor a, Tensor b) {
        return binary(a, b, tf.math::maximum);
    }

    @Override
    public Tensor minimum(Tensor a, Tensor b) {
        return binary(a, b, tf.math::minimum);
    }

    @Override
    public Tensor greater(Tensor a, Tensor b) {
        return comparison(a, b, tf.math::greater);
    }

    @Override
    public Tensor greaterEqual(Tensor a, Tensor b) {
        return comparison(a, b, tf.math::greaterEqual);
    }

    @Override
    public Tensor equal(Tensor a, Tensor b) {
        return comparison(a, b, tf.math::equal);
    }

    @Override
    public Tensor negate(Tensor x) {
        return unary(x, tf.math::neg);
    }

    @Override
    public Tensor square(Tensor x) {
        return unary(x, tf.math::square);
    }

    @Override
    public Tensor sqrt(Tensor x) {
        return unary(x, tf.math::sqrt);
    }

    @Override
    public Tensor exp(Tensor x) {
        return unary(x, tf.math::exp);
    }

    @Override
    public Tensor log(Tensor x) {
        return unary(x, tf.math::log);
    }

    @Override
    public Tensor abs(Tensor x) {
        return unary(x, tf.math::abs);
    }

    @Override
    public Tensor sign(Tensor x) {
        return unary(x, tf.math::sign);
    }

    @Override
    public Tensor relu(Tensor x) {
        return activation(x, tf.nn::relu);
    }

    @Override
    public Tensor sigmoid(Tensor x) {
        return activation(x, tf.math::sigmoid);
    }

    @Override
    public Tensor softmax(Tensor x) {
        return unary(x, tf.nn::softmax);
    }

    @Override
    public Tensor tanh(Tensor x) {
        return activation(x, tf.math::tanh);
    }

    // ---- reductions and broadcasting

    @Override
    public Tensor sum(Tensor x, boolean keepDims, int... axes) {
        return wrap(tf.reduceSum(f(x), tf.constant(axes), ReduceSum.keepDims(keepDims)));
    }

    @Override
    public Tensor max(Tensor x, boolean keepDims, int... axes) {
        return wrap(tf.reduceMax(f(x), tf.constant(axes), ReduceMax.keepDims(keepDims)));
    }

    @Override
    public Tensor count(Tensor x, int... axes) {
        long n = 1;
        for (int axis : axes) {
            int d = x.shape().dim(axis);
            if (d == Shape.UNKNOWN) {
                Operand<TInt32> sizes = tf.gather(tf.shape(operandOf(x)), tf.constant(axes), tf.constant(0));
                return wrap(tf.dtypes.cast(tf.reduceProd(sizes, tf.constant(0)), TFloat32.class));
            }
            n *= d;
        }
        return scalar(n);
    }

    @Override
    public Tensor broadcastLike(Tensor x, Tensor like) {
        return wrap(tf.broadcastTo(f(x), tf.shape(operandOf(like))));
    }

    // ---- shape

    @Override
    public Tensor reshape(Tensor x, Shape shape) {
        return wrap(tf.reshape(operandOf(x), tf.constant(shape.dims())));
    }

    @Override
    public Tensor slice(Tensor x, int axis, int start, int length) {
        int[] begin = new int[x.rank()];
        int[] size = new int[x.rank()];
        Arrays.fill(size, -1);
        begin[axis] = start;
        size[axis] = length;
        return wrap(tf.slice(operandOf(x), tf.constant(begin), tf.constant(size)));
    }

    @Override
    public Tensor pad(Tensor x, int axis, int before, int after, float value) {
        int[][] paddings = new int[x.rank()][2];
        paddings[axis] = new int[] {before, after};
        return wrap(tf.pad(f(x), tf.constant(paddings), tf.constant(value)));
    }

    @Override
    public Tensor concat(List<Tensor> xs, int axis) {
        return wrap(tf.concat(floats(xs), tf.constant(axis)));
    }

    @Override
    public List<Tensor> unstack(Tensor x, int axis) {
        List<Tensor> parts = new ArrayList<>();
        tf.unstack(f(x), (long) x.shape().dim(axis), Unstack.axis((long) axis)).output().forEach(o -> parts.add(wrap(o)));
        return parts;
    }

    @Override
    public Tensor stack(List<Tensor> xs, int axis) {
        return wrap(tf.stack(floats(xs), Stack.axis((long) axis)));
    }

    // ---- linear algebra and layers

    @Override
    public Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        return wrap(tf.linalg.matMul(f(a), f(b), MatMul.transposeA(transposeA), MatMul.transposeB(transposeB)));
    }

    @Override
    public Tensor gather(Tensor table, Tensor ids) {
        Operand<TFloat32> rows = tf.gather(f(table), operandOf(ids), tf.constant(0));
        if (table.rank() == 2 && ids.rank() == 2 && table.shape().dim(0) != Shape.UNKNOWN) {
            lookups.put(rows, new Lookup(f(table), operandOf(ids), table.shape().dim(0)));
        }
        return wrap(rows);
    }

    @Override
    public Tensor scatterAddRows(Tensor updates, Tensor ids, int rows) {
        FoldedTableGradient folded = foldedInputGradients.get(operandOf(updates));
        if (folded != null && folded.lookup().ids() == ((TfTensor) ids).value() && folded.lookup().rows() == rows) {
            return wrap(folded.table());
        }
        return wrap(segmentSumRows(f(updates), updates.shape().dim(-1), operandOf(ids), rows));
    }

    /**
     * {@code out[r, :] = Σ_{p : ids[p] = r} updates[p, :]}: {@code updates} seen as rows of {@code width} values, one
     * a position of {@code ids}.
     */
    private Operand<TFloat32> segmentSumRows(Operand<TFloat32> updates, int width, Operand<TInt32> ids, int rows) {
        Operand<TFloat32> flat = tf.reshape(updates, tf.constant(new int[] {-1, width}));
        Operand<TInt32> flatIds = tf.reshape(ids, tf.constant(new int[] {-1}));
        return tf.math.unsortedSegmentSum(flat, flatIds, tf.constant(rows));
    }

    @Override
    public Tensor conv1d(Tensor x, Tensor kernel, int stride, int dilation) {
        return fromImage(tf.nn.conv2d(image(x), filter(kernel), windows(stride), VALID,
                Conv2d.dilations(windows(dilation))));
    }

    @Override
    public List<Tensor> conv1dGradients(Tensor x, Tensor kernel, Tensor dy, int stride, int dilation,
                                        boolean wantInput, boolean wantKernel) {
        Operand<TFloat32> image = image(x);
        Operand<TFloat32> dImage = image(dy);
        List<Tensor> grads = new ArrayList<>(2);
        grads.add(wantInput ? fromImage(tf.nn.conv2dBackpropInput(tf.shape(image), filter(kernel), dImage,
                windows(stride), VALID, Conv2dBackpropInput.dilations(windows(dilation)))) : null);
        grads.add(wantKernel ? wrap(tf.squeeze(tf.nn.conv2dBackpropFilter(image, tf.shape(filter(kernel)), dImage,
                windows(stride), VALID, Conv2dBackpropFilter.dilations(windows(dilation))), Squeeze.axis(0L))) : null);
        return grads;
    }

    /**
     * TensorFlow's {@code MaxPool}, whose window and strides are attributes: the form oneDNN's graph rewrite runs as
     * its own pooling (TensorFlow Java's {@code nn.maxPool} makes {@code MaxPoolV2}, which takes them as tensors and
     * runs Eigen's kernel).
     */
    @Override
    public Tensor maxPool1d(Tensor x, int poolSize, int stride) {
        return fromImage(pooling("MaxPool", poolSize, stride, image(x)));
    }

    /** TensorFlow's {@code MaxPoolGrad}, with attributes as {@link #maxPool1d}. */
    @Override
    public Tensor maxPool1dGradient(Tensor x, Tensor y, Tensor dy, int poolSize, int stride) {
        return fromImage(pooling("MaxPoolGrad", poolSize, stride, image(x), image(y), image(dy)));
    }

    private Operand<TFloat32> pooling(String type, int poolSize, int stride, Operand<?>... inputs) {
        OperationBuilder builder = tf.scope().opBuilder(type, type);
        for (Operand<?> input : inputs) {
            builder.addInput(input.asOutput());
        }
        return builder.setAttr("ksize", new long[] {1, 1, poolSize, 1})
                .setAttr("strides", new long[] {1, 1, stride, 1})
                .setAttr("padding", VALID)
                .build().output(0);
    }

    @Override
    public Tensor avgPool1d(Tensor x, int poolSize, int stride) {
        return fromImage(tf.nn.avgPool(image(x), windows(poolSize), windows(stride), VALID));
    }

    @Override
    public Tensor avgPool1dGradient(Tensor x, Tensor dy, int poolSize, int stride) {
        return fromImage(tf.nn.avgPoolGrad(tf.shape(image(x)), image(dy), windows(poolSize), windows(stride), VALID));
    }

    /**
     * A whole Conv1D layer as TensorFlow's own training graph has it, on the height-1 image. Forward, {@code Conv2D →
     * BiasAdd → Relu}, which Grappler's remapper fuses into one oneDNN convolution:
     * <pre>y[b, t, f] = max(0, Σ_{i&lt;k} Σ_c x[b, t·s + i·d, c] · kernel[i, c, f] + bias[f])</pre>
     * Backward, {@code ReluGrad}, {@code BiasAddGrad} and the convolution's two backprop ops:
     * <pre>
     * ∂z[b, t, f]      = ∂y[b, t, f] where y[b, t, f] &gt; 0, else 0      (∂z = ∂y when linear)
     * ∂bias[f]         = Σ_{b, t} ∂z[b, t, f]
     * ∂kernel, ∂x      = Conv2DBackpropFilter, Conv2DBackpropInput of ∂z
     * </pre>
     * Composed, the ReLU's gradient was {@code Greater}, {@code Cast} and {@code Mul}, and the bias's a {@code Sum}:
     * four passes over the activations where {@code ReluGrad} and {@code BiasAddGrad} make two.
     */
    private final class Conv1dLayerOnImage implements Conv1dLayerKernel {

        @Override
        public boolean supports(Conv1dLayer layer) {
            return layer.activation() == Activation.LINEAR || layer.activation() == Activation.RELU;
        }

        @Override
        public Run forward(Conv1dLayer layer) {
            Operand<TFloat32> z = tf.nn.conv2d(image(layer.input()), filter(layer.kernel()), windows(layer.stride()),
                    VALID, Conv2d.dilations(windows(layer.dilation())));
            if (layer.bias() != null) {
                z = tf.nn.biasAdd(z, f(layer.bias()));
            }
            boolean relu = layer.activation() == Activation.RELU;
            Operand<TFloat32> y = relu ? tf.nn.relu(z) : z;
            Tensor output = fromImage(y);
            Lookup lookup = layer.input().shape().dim(1) == Shape.UNKNOWN ? null : lookups.get(operandOf(layer.input()));
            return new Run() {
                @Override
                public Tensor output() {
                    return output;
                }

                @Override
                public List<Tensor> backward(Tensor dOutput, boolean[] needed) {
                    Operand<TFloat32> dz = relu ? tf.nn.reluGrad(image(dOutput), y) : image(dOutput);
                    List<Tensor> grads = new ArrayList<>(conv1dGradients(layer.input(), layer.kernel(),
                            fromImage(dz), layer.stride(), layer.dilation(), needed[0],
                            needed[1] && lookup == null));
                    if (lookup != null) {
                        FoldedBackward folded = new FoldedBackward(layer, lookup, dz);
                        if (needed[1]) {
                            grads.set(1, wrap(folded.kernelGradient()));
                        }
                        if (needed[0]) {
                            foldedInputGradients.put(operandOf(grads.get(0)),
                                    new FoldedTableGradient(lookup, folded.tableGradient()));
                        }
                    }
                    if (layer.bias() != null) {
                        grads.add(needed[2] ? wrap(tf.nn.biasAddGrad(dz)) : null);
                    }
                    return grads;
                }
            };
        }
    }

    /** An embedding lookup {@code table[ids]} traced here: a {@code (rows, width)} table, {@code (batch, time)} ids. */
    private record Lookup(Operand<TFloat32> table, Operand<TInt32> ids, int rows) {
    }

    /** A Conv1D layer's input gradient over a lookup, with the gradient of the lookup's table that replaces it. */
    private record FoldedTableGradient(Lookup lookup, Operand<TFloat32> table) {
    }

    /**
     * The backward of a Conv1D layer over an embedding lookup {@code x = table[ids]}, folded into the table where it
     * has no more rows than there are ids (decided when the graph runs, by {@code Switch} and {@code Merge}, as the
     * batch is not known when it is traced), else the convolution's filter and input gradients, the latter scattered
     * to the table's rows. Folded, the sums are grouped by table row instead of by position ({@code K''} the kernel
     * as {@code (in, k·F)}):
     * <pre>
     * G[r, i, f]  = Σ_{b, t : ids[b, t·s + i·d] = r} ∂z[b, t, f]
     * ∂kernel     = tableᵀ · G,   ∂table = G · K''ᵀ
     * </pre>
     * two {@code (rows × in × k·F)} products instead of two convolutions of {@code (batch·time × in × k·F)}, and the
     * input gradient is not computed unless something else reads it ({@link #scatterAddRows} takes the table's
     * gradient in its place). {@code G} is one sparse product, {@code Mᵀ · ∂z} ({@code SparseTensorDenseMatMul}):
     * {@code M} has a one for each output position {@code (b, t)} and tap i, at column {@code ids[b, t·s + i·d]·k +
     * i}. TensorFlow's gathers and segment sums cost by row, so a segment sum a tap (narrow rows) or of the taps'
     * {@code (batch·time, k·F)} spread of {@code ∂z} (written first) each cost as much as the convolutions; the
     * sparse product writes nothing of that size. The forward stays the fused convolution for the same reason (a
     * gather of {@code P}'s rows at every position, then a slice a tap). ND4J folds both ways ({@code
     * Nd4jConv1dLayer}); the floats differ from the convolutions' by the grouping's rounding.
     */
    private final class FoldedBackward {

        private final Conv1dLayer layer;
        private final Lookup lookup;
        private final int taps;
        private final int channels;
        private final int filters;
        private final Operand<TFloat32> kernelGradient;
        private final Operand<TFloat32> tableGradient;

        FoldedBackward(Conv1dLayer layer, Lookup lookup, Operand<TFloat32> dz) {
            this.layer = layer;
            this.lookup = lookup;
            this.taps = layer.kernel().shape().dim(0);
            this.channels = layer.kernel().shape().dim(1);
            this.filters = layer.kernel().shape().dim(2);
            Operand<TBool> folds = tf.math.lessEqual(tf.constant(lookup.rows()), tf.size(lookup.ids()));
            SwitchCond<TFloat32> tables = tf.switchCond(lookup.table(), folds);
            SwitchCond<TInt32> ids = tf.switchCond(lookup.ids(), folds);
            SwitchCond<TFloat32> kernels = tf.switchCond(f(layer.kernel()), folds);
            SwitchCond<TFloat32> dzs = tf.switchCond(dz, folds);
            Operand<TFloat32> kernel = kernels.outputTrue();
            Operand<TFloat32> table = tables.outputTrue();

            Operand<TFloat32> perTap = tapSums(dzs.outputTrue(), ids.outputTrue());
            Operand<TFloat32> foldedKernel = tf.reshape(tf.linalg.matMul(table, perTap, MatMul.transposeA(true)),
                    tf.constant(new int[] {channels, taps, filters}));
            Operand<TFloat32> foldedTable = tf.linalg.matMul(perTap, tf.reshape(
                    tf.linalg.transpose(kernel, tf.constant(new int[] {1, 0, 2})),
                    tf.constant(new int[] {channels, taps * filters})), MatMul.transposeB(true));

            Tensor x = wrap(tf.gather(tables.outputFalse(), ids.outputFalse(), tf.constant(0)));
            List<Tensor> composed = conv1dGradients(x, wrap(kernels.outputFalse()), fromImage(dzs.outputFalse()),
                    layer.stride(), layer.dilation(), true, true);
            Operand<TFloat32> composedKernel = f(composed.get(1));
            Operand<TFloat32> composedTable = segmentSumRows(f(composed.get(0)), channels, ids.outputFalse(),
                    lookup.rows());

            this.kernelGradient = tf.merge(List.of(tf.linalg.transpose(foldedKernel, tf.constant(new int[] {1, 0, 2})),
                    composedKernel)).output();
            this.tableGradient = tf.merge(List.of(foldedTable, composedTable)).output();
        }

        Operand<TFloat32> kernelGradient() {
            return kernelGradient;
        }

        Operand<TFloat32> tableGradient() {
            return tableGradient;
        }

        /** {@code G}, {@code (rows, k·F)}: the sparse product {@code Mᵀ · ∂z} of the class's comment. */
        private Operand<TFloat32> tapSums(Operand<TFloat32> dz, Operand<TInt32> ids) {
            int time = layer.input().shape().dim(1);
            int outputTime = (time - layer.dilation() * (taps - 1) - 1) / layer.stride() + 1;
            List<Operand<TInt32>> columns = new ArrayList<>(taps);
            for (int i = 0; i < taps; i++) {
                long start = (long) i * layer.dilation();
                Operand<TInt32> read = tf.stridedSlice(ids, Indices.all(),
                        Indices.slice(start, start + (long) (outputTime - 1) * layer.stride() + 1, layer.stride()));
                columns.add(tf.math.add(tf.math.mul(read, tf.constant(taps)), tf.constant(i)));
            }
            Operand<TInt64> cols = tf.dtypes.cast(tf.reshape(tf.stack(columns, Stack.axis(2L)),
                    tf.constant(new int[] {-1})), TInt64.class);
            Operand<TInt64> count = tf.dtypes.cast(tf.size(cols), TInt64.class);
            Operand<TInt64> positions = tf.math.floorDiv(tf.range(tf.constant(0L), count, tf.constant(1L)),
                    tf.constant((long) taps));
            Operand<TInt64> indices = tf.stack(List.of(positions, cols), Stack.axis(1L));
            Operand<TFloat32> flat = tf.reshape(dz, tf.constant(new int[] {-1, filters}));
            Operand<TInt64> shape = tf.stack(List.of(tf.math.floorDiv(count, tf.constant((long) taps)),
                    tf.constant((long) lookup.rows() * taps)));
            Operand<TFloat32> sums = tf.sparse.sparseTensorDenseMatMul(indices, tf.fill(tf.reshape(count,
                    tf.constant(new int[] {1})), tf.constant(1f)), shape, flat,
                    SparseTensorDenseMatMul.adjointA(true));
            return tf.reshape(sums, tf.constant(new int[] {lookup.rows(), taps * filters}));
        }
    }

    /**
     * {@code (batch, time, channels)} as an NHWC image of height 1: {@code (batch, 1, time, channels)}; the image
     * it was squeezed from, if any.
     */
    private Operand<TFloat32> image(Tensor x) {
        Operand<TFloat32> image = images.get(operandOf(x));
        return image != null ? image : tf.expandDims(f(x), tf.constant(1));
    }

    /** An NHWC image of height 1 back to {@code (batch, time, channels)}, remembering the image. */
    private Tensor fromImage(Operand<TFloat32> image) {
        Operand<TFloat32> squeezed = tf.squeeze(image, Squeeze.axis(1L));
        images.put(squeezed, image);
        return wrap(squeezed);
    }

    /** An element-wise activation, on the image behind {@code x} where there is one. */
    private Tensor activation(Tensor x, UnaryOperator<Operand<TFloat32>> op) {
        Operand<TFloat32> image = images.get(operandOf(x));
        return image != null ? fromImage(op.apply(image)) : unary(x, op);
    }

    /** A Conv1D kernel {@code (k, in, out)} as a 2-D filter {@code (1, k, in, out)}. */
    private Operand<TFloat32> filter(Tensor kernel) {
        return tf.expandDims(f(kernel), tf.constant(0));
    }

    /** Window sizes, strides or dilations along the width (time) of an NHWC image. */
    private static List<Long> windows(int step) {
        return List.of(1L, 1L, (long) step, 1L);
    }

    private static Tensor unary(Tensor x, UnaryOperator<Operand<TFloat32>> op) {
        return wrap(op.apply(f(x)));
    }

    private static Tensor binary(Tensor a, Tensor b, BinaryOperator<Operand<TFloat32>> op) {
        return wrap(op.apply(f(a), f(b)));
    }

    /** A comparison's mask as float32 ones and zeros. */
    private Tensor comparison(Tensor a, Tensor b, BiFunction<Operand<TFloat32>, Operand<TFloat32>, Operand<TBool>> op) {
        return wrap(tf.dtypes.cast(op.apply(f(a), f(b)), TFloat32.class));
    }

    private static List<Operand<TFloat32>> floats(List<Tensor> xs) {
        return xs.stream().map(TfKernels::f).toList();
    }

    private static Operand<TFloat32> f(Tensor t) {
        return operandOf(t);
    }

    private static Tensor wrap(Operand<?> operand) {
        return new TfTensor(operand);
    }
}
