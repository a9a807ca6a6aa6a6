package dev.seqconv.backend.nd4j;

import static dev.seqconv.backend.nd4j.Nd4jTensor.arrayOf;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.ops.Variable;
import dev.seqconv.api.spi.Conv1dLayerKernel;
import dev.seqconv.api.spi.GruKernel;
import dev.seqconv.api.spi.Kernels;
import dev.seqconv.api.spi.MaxOverAxisKernel;
import dev.seqconv.api.spi.MaxPool1dKernel;
import dev.seqconv.api.spi.RmspropKernel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The kernels on ND4J, run eagerly: thin wrappers of ND4J's and libnd4j's operations, and the dispatch to the
 * backend's own kernels — the Java loops ({@link LoopKernels}), oneDNN's GEMM ({@link Sgemm}) and convolutions
 * ({@link OneDnnConv1d}), and the fused Conv1D layer, max pooling and the maximum over an axis for training, GRU and
 * RMSprop ({@link Nd4jConv1dLayer}, {@link Nd4jMaxPool1d}, {@link Nd4jMaxOverAxis}, {@link Nd4jGru}, {@link
 * Nd4jRmsprop}). Every kernel returns a new array (or, for {@code unstack}, views of a dense array) and
 * never writes to its inputs; results are the call's arrays ({@link CallArrays}) or land in the workspace the
 * executor has activated for the call.
 */
final class Nd4jKernels implements Kernels {

    private static final Conv1dLayerKernel CONV1D_LAYER = new Nd4jConv1dLayer();
    private static final MaxPool1dKernel MAX_POOL_1D = new Nd4jMaxPool1d();
    private static final MaxOverAxisKernel MAX_OVER_AXIS = new Nd4jMaxOverAxis();
    private static final GruKernel GRU = new Nd4jGru();
    private static final RmspropKernel RMSPROP = new Nd4jRmsprop();

    private final IntFunction<INDArray> variables;
    private final boolean fusedKernels;

    /**
     * @param variables    the executor's persistent array of each variable id
     * @param fusedKernels whether to offer the fused Conv1D layer, max pooling, maximum over an axis, GRU and RMSprop
     *                     kernels
     */
    Nd4jKernels(IntFunction<INDArray> variables, boolean fusedKernels) {
        this.variables = variables;
        this.fusedKernels = fusedKernels;
    }

    // ---- sources

    @Override
    public Tensor constant(NdArray value) {
        return wrap(Nd4jTensor.toCallArray(value));
    }

    @Override
    public Tensor scalar(float value) {
        return wrap(DenseArrays.fromFloats(new float[] {value}));
    }

    @Override
    public Tensor read(Variable variable) {
        return wrap(variables.apply(variable.id()));
    }

    // ---- element-wise

    @Override
    public Tensor add(Tensor a, Tensor b) {
        return broadcasting("add", a, b);
    }

    @Override
    public Tensor subtract(Tensor a, Tensor b) {
        return broadcasting("subtract", a, b);
    }

    @Override
    public Tensor multiply(Tensor a, Tensor b) {
        return broadcasting("multiply", a, b);
    }

    @Override
    public Tensor divide(Tensor a, Tensor b) {
        return broadcasting("divide", a, b);
    }

    @Override
    public Tensor maximum(Tensor a, Tensor b) {
        return broadcasting("maximum", a, b);
    }

    @Override
    public Tensor minimum(Tensor a, Tensor b) {
        return broadcasting("minimum", a, b);
    }

    @Override
    public Tensor greater(Tensor a, Tensor b) {
        return comparison("greater", a, b);
    }

    @Override
    public Tensor greaterEqual(Tensor a, Tensor b) {
        return comparison("greater_equal", a, b);
    }

    @Override
    public Tensor equal(Tensor a, Tensor b) {
        return comparison("equals", a, b);
    }

    @Override
    public Tensor negate(Tensor x) {
        return unary(SmallArrayLoops.Unary.NEGATE, x, a -> Transforms.neg(a, true));
    }

    @Override
    public Tensor square(Tensor x) {
        return wrap(arrayOf(x).mul(arrayOf(x)));
    }

    @Override
    public Tensor sqrt(Tensor x) {
        return wrap(Transforms.sqrt(arrayOf(x), true));
    }

    @Override
    public Tensor exp(Tensor x) {
        return wrap(Transforms.exp(arrayOf(x), true));
    }

    @Override
    public Tensor log(Tensor x) {
        return wrap(Transforms.log(arrayOf(x), true));
    }

    @Override
    public Tensor abs(Tensor x) {
        return unary(SmallArrayLoops.Unary.ABS, x, a -> Transforms.abs(a, true));
    }

    @Override
    public Tensor sign(Tensor x) {
        return unary(SmallArrayLoops.Unary.SIGN, x, a -> Transforms.sign(a, true));
    }

    @Override
    public Tensor relu(Tensor x) {
        return unary(SmallArrayLoops.Unary.RELU, x, a -> Transforms.relu(a, true));
    }

    @Override
    public Tensor sigmoid(Tensor x) {
        return wrap(Transforms.sigmoid(arrayOf(x), true));
    }

    @Override
    public Tensor tanh(Tensor x) {
        return wrap(Transforms.tanh(arrayOf(x), true));
    }

    @Override
    public Tensor softmax(Tensor x) {
        INDArray a = arrayOf(x);
        INDArray out = CallArrays.uninitialized(a.dataType(), a.shape());
        Nd4j.exec(DynamicCustomOp.builder("softmax").addInputs(a).addOutputs(out).addIntegerArguments(a.rank() - 1)
                .build());
        return wrap(out);
    }

    // ---- reductions and broadcasting

    @Override
    public Tensor sum(Tensor x, boolean keepDims, int... axes) {
        INDArray a = arrayOf(x);
        boolean overLeadingAxes = a.dataType() == DataType.FLOAT && leading(axes);
        if (overLeadingAxes && axes.length < a.rank()) {
            return wrap(Sgemm.sumLeading(a, axes.length, keepDims));
        }
        if (overLeadingAxes && a.length() <= SmallArrayLoops.SEQUENTIAL_SUM) {
            return wrap(SmallArrayLoops.sum(a, keepDims));
        }
        return wrap(a.sum(keepDims, axes));
    }

    private static boolean leading(int[] axes) {
        for (int i = 0; i < axes.length; i++) {
            if (axes[i] != i) {
                return false;
            }
        }
        return axes.length > 0;
    }

    @Override
    public Tensor max(Tensor x, boolean keepDims, int... axes) {
        INDArray a = arrayOf(x);
        return wrap(axes.length == 1 && SmallArrayLoops.fits(a) ? SmallArrayLoops.max(a, axes[0], keepDims)
                : a.max(keepDims, axes));
    }

    @Override
    public Tensor count(Tensor x, int... axes) {
        long n = 1;
        for (int axis : axes) {
            n *= arrayOf(x).size(axis);
        }
        return scalar(n);
    }

    @Override
    public Tensor broadcastLike(Tensor x, Tensor like) {
        INDArray a = arrayOf(x);
        long[] target = arrayOf(like).shape();
        if (Arrays.equals(a.shape(), target)) {
            return wrap(a);
        }
        if (a.length() == 1 && a.dataType() == DataType.FLOAT) {
            // One value (a loss's gradient, zeros): filled in, as x · 1 is x; the multiply below cost ~170 µs at (128, 1).
            float value = a.getFloat(0);
            return wrap(SmallArrayLoops.small(target) ? SmallArrayLoops.filled(value, target)
                    : CallArrays.uninitialized(DataType.FLOAT, target).assign(value));
        }
        // The multiply kernel broadcasts both ways; a rank-0 one makes it a copy of x at like's shape.
        return wrap(binary("multiply", a.rank() == 0 ? a.reshape(1) : a, Nd4j.ones(DataType.FLOAT, target), target,
                DataType.FLOAT));
    }

    // ---- shape

    @Override
    public Tensor reshape(Tensor x, Shape shape) {
        INDArray a = DenseArrays.contiguous(arrayOf(x));
        return wrap(DenseArrays.reshaped(a, DenseArrays.longs(shape.inferUnknown(a.length()))));
    }

    @Override
    public Tensor slice(Tensor x, int axis, int start, int length) {
        INDArray a = arrayOf(x);
        if (a.dataType() == DataType.FLOAT) {
            return wrap(LoopKernels.slice(a, axis, start, length));
        }
        INDArrayIndex[] index = new INDArrayIndex[a.rank()];
        Arrays.fill(index, NDArrayIndex.all());
        index[axis] = NDArrayIndex.interval(start, start + length);
        return wrap(a.get(index).dup('c'));
    }

    @Override
    public Tensor pad(Tensor x, int axis, int before, int after, float value) {
        INDArray a = arrayOf(x);
        if (a.dataType() == DataType.FLOAT) {
            return wrap(LoopKernels.pad(a, axis, before, after, value));
        }
        int[][] paddings = new int[a.rank()][2];
        paddings[axis] = new int[] {before, after};
        long[] shape = a.shape().clone();
        shape[axis] += before + after;
        INDArray out = CallArrays.uninitialized(a.dataType(), shape);
        Nd4j.exec(DynamicCustomOp.builder("pad").addInputs(a, Nd4j.createFromArray(paddings)).addOutputs(out)
                .addIntegerArguments(0).addFloatingPointArguments((double) value).build());
        return wrap(out);
    }

    @Override
    public Tensor concat(List<Tensor> xs, int axis) {
        return wrap(Nd4j.concat(axis, xs.stream().map(Nd4jTensor::arrayOf).toArray(INDArray[]::new)));
    }

    /** Views of a dense copy: ND4J mishandles views taken of views (their data buffer comes back null). */
    @Override
    public List<Tensor> unstack(Tensor x, int axis) {
        INDArray a = DenseArrays.contiguous(arrayOf(x));
        List<Tensor> parts = new ArrayList<>((int) a.size(axis));
        INDArrayIndex[] index = new INDArrayIndex[a.rank()];
        Arrays.fill(index, NDArrayIndex.all());
        for (long i = 0; i < a.size(axis); i++) {
            index[axis] = NDArrayIndex.point(i);
            parts.add(wrap(a.get(index)));
        }
        return parts;
    }

    @Override
    public Tensor stack(List<Tensor> xs, int axis) {
        return wrap(Nd4j.stack(axis, xs.stream().map(Nd4jTensor::arrayOf).toArray(INDArray[]::new)));
    }

    // ---- linear algebra and layers

    @Override
    public Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        return wrap(Sgemm.matmul(arrayOf(a), arrayOf(b), transposeA, transposeB));
    }

    @Override
    public Tensor gather(Tensor table, Tensor ids) {
        INDArray rows = arrayOf(table);
        INDArray indices = arrayOf(ids);
        return new Nd4jTensor.GatheredRows(() -> LoopKernels.gather(rows, indices), rows, indices);
    }

    @Override
    public Tensor scatterAddRows(Tensor updates, Tensor ids, int rows) {
        if (updates instanceof Nd4jConv1dLayer.DeferredInputGradient dx && dx.foldsInto(ids, rows)) {
            return wrap(dx.tableGradient());
        }
        return wrap(LoopKernels.scatterAddRows(arrayOf(updates), arrayOf(ids), rows));
    }

    @Override
    public Tensor conv1d(Tensor x, Tensor kernel, int stride, int dilation) {
        INDArray k = arrayOf(kernel);
        OneDnnConv1d conv = OneDnnConv1d.acquire(arrayOf(x).shape(), k.shape(), stride, dilation);
        try {
            return wrap(conv.forward(arrayOf(x), k));
        } finally {
            conv.release();
        }
    }

    @Override
    public List<Tensor> conv1dGradients(Tensor x, Tensor kernel, Tensor dy, int stride, int dilation,
                                        boolean wantInput, boolean wantKernel) {
        INDArray k = arrayOf(kernel);
        OneDnnConv1d conv = OneDnnConv1d.acquire(arrayOf(x).shape(), k.shape(), stride, dilation);
        try {
            List<Tensor> grads = new ArrayList<>(2);
            grads.add(wantInput ? wrap(conv.inputGradient(k, arrayOf(dy))) : null);
            grads.add(wantKernel ? wrap(conv.kernelGradient(arrayOf(x), arrayOf(dy))) : null);
            return grads;
        } finally {
            conv.release();
        }
    }

    @Override
    public Tensor maxPool1d(Tensor x, int poolSize, int stride) {
        return wrap(LoopKernels.maxPool1d(arrayOf(x), poolSize, stride));
    }

    @Override
    public Tensor maxPool1dGradient(Tensor x, Tensor y, Tensor dy, int poolSize, int stride) {
        return wrap(LoopKernels.maxPool1dGradient(arrayOf(x), arrayOf(dy), poolSize, stride));
    }

    /** libnd4j's {@code avgpool2d} over time, on {@code x} seen as an image of width 1. */
    @Override
    public Tensor avgPool1d(Tensor x, int poolSize, int stride) {
        INDArray a = arrayOf(x);
        long outTime = (a.size(1) - poolSize) / stride + 1;
        INDArray out = CallArrays.uninitialized(DataType.FLOAT, a.size(0), outTime, 1, a.size(2));
        Nd4j.exec(DynamicCustomOp.builder("avgpool2d").addInputs(asImage(a)).addOutputs(out)
                .addIntegerArguments(poolArguments(poolSize, stride)).build());
        return wrap(DenseArrays.reshaped(out, new long[] {a.size(0), outTime, a.size(2)}));
    }

    @Override
    public Tensor avgPool1dGradient(Tensor x, Tensor dy, int poolSize, int stride) {
        INDArray a = arrayOf(x);
        INDArray out = CallArrays.uninitialized(DataType.FLOAT, a.size(0), a.size(1), 1, a.size(2));
        Nd4j.exec(DynamicCustomOp.builder("avgpool2d_bp").addInputs(asImage(a), asImage(arrayOf(dy))).addOutputs(out)
                .addIntegerArguments(poolArguments(poolSize, stride)).build());
        return wrap(DenseArrays.reshaped(out, a.shape()));
    }

    /** {@code (batch, time, features)} as an NHWC image of height {@code time} and width 1. */
    private static INDArray asImage(INDArray a) {
        return DenseArrays.reshaped(DenseArrays.contiguous(a), new long[] {a.size(0), a.size(1), 1, a.size(2)});
    }

    /**
     * libnd4j's pooling arguments: kH, kW, sH, sW, pH, pW, dH, dW, same mode, extra (for average pooling, 1 divides
     * by the whole window; windows never reach padding here), NHWC.
     */
    private static int[] poolArguments(int poolSize, int stride) {
        return new int[] {poolSize, 1, stride, 1, 0, 0, 1, 1, 0, 1, 1};
    }

    // ---- helpers

    /** {@code op} in Java loops for a small float array, else libnd4j's route. */
    private static Tensor unary(SmallArrayLoops.Unary op, Tensor x, UnaryOperator<INDArray> libnd4j) {
        INDArray a = arrayOf(x);
        return wrap(SmallArrayLoops.fits(a) ? SmallArrayLoops.unary(op, a) : libnd4j.apply(a));
    }

    private static Tensor comparison(String op, Tensor a, Tensor b) {
        INDArray out = binary(op, arrayOf(a), arrayOf(b), broadcastShape(arrayOf(a), arrayOf(b)), DataType.BOOL);
        return wrap(out.castTo(DataType.FLOAT));
    }

    private static Tensor broadcasting(String op, Tensor a, Tensor b) {
        INDArray x = arrayOf(a);
        INDArray y = arrayOf(b);
        long[] shape = broadcastShape(x, y);
        SmallArrayLoops.Arithmetic arithmetic = SmallArrayLoops.Arithmetic.named(op);
        INDArray ours = arithmetic == null ? null : SmallArrayLoops.small(shape)
                ? SmallArrayLoops.arithmetic(arithmetic, x, y, shape) : oneDnn(arithmetic, x, y, shape);
        return wrap(ours != null ? ours : binary(op, x, y, shape, DataType.FLOAT));
    }

    /** {@code x ∘ y} on oneDNN when an operand has the result's shape (the second, if ∘ commutes), else null. */
    private static INDArray oneDnn(SmallArrayLoops.Arithmetic arithmetic, INDArray x, INDArray y, long[] shape) {
        if (Arrays.equals(x.shape(), shape)) {
            return OneDnnBinary.apply(arithmetic, x, y);
        }
        boolean commutes = arithmetic == SmallArrayLoops.Arithmetic.ADD
                || arithmetic == SmallArrayLoops.Arithmetic.MULTIPLY;
        return commutes && Arrays.equals(y.shape(), shape) ? OneDnnBinary.apply(arithmetic, y, x) : null;
    }

    private static INDArray binary(String op, INDArray a, INDArray b, long[] shape, DataType type) {
        INDArray out = CallArrays.uninitialized(type, shape);
        Nd4j.exec(DynamicCustomOp.builder(op).addInputs(a, b).addOutputs(out).build());
        return out;
    }

    /** Numpy's broadcasting rule. */
    private static long[] broadcastShape(INDArray a, INDArray b) {
        long[] x = a.shape();
        long[] y = b.shape();
        int rank = Math.max(x.length, y.length);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            long dx = i < rank - x.length ? 1 : x[i - (rank - x.length)];
            long dy = i < rank - y.length ? 1 : y[i - (rank - y.length)];
            if (dx != dy && dx != 1 && dy != 1) {
                throw new IllegalArgumentException("Shapes " + Arrays.toString(x) + " and " + Arrays.toString(y)
                        + " do not broadcast");
            }
            out[i] = dx == 1 ? dy : dx;
        }
        return out;
    }

    // ---- capabilities

    @Override
    public Optional<Conv1dLayerKernel> conv1dLayer() {
        return fusedKernels ? Optional.of(CONV1D_LAYER) : Optional.empty();
    }

    @Override
    public Optional<MaxPool1dKernel> maxPool1dKernel() {
        return fusedKernels ? Optional.of(MAX_POOL_1D) : Optional.empty();
    }

    @Override
    public Optional<MaxOverAxisKernel> maxOverAxisKernel() {
        return fusedKernels ? Optional.of(MAX_OVER_AXIS) : Optional.empty();
    }

    @Override
    public Optional<GruKernel> gru() {
        return fusedKernels ? Optional.of(GRU) : Optional.empty();
    }

    @Override
    public Optional<RmspropKernel> rmsprop() {
        return fusedKernels ? Optional.of(RMSPROP) : Optional.empty();
    }

    private static Tensor wrap(INDArray a) {
        return new Nd4jTensor(a);
    }
}
