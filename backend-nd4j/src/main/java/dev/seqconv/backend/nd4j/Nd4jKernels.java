package dev.seqconv.backend.nd4j;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.ops.Variable;
import dev.seqconv.api.spi.GruKernel;
import dev.seqconv.api.spi.Kernels;
import dev.seqconv.api.spi.RmspropKernel;
import dev.seqconv.backend.nd4j.Sgemm.Band;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The kernels on ND4J, run eagerly. Every kernel returns a new array (or, for {@code unstack}, views of a dense
 * array) and never writes to its inputs; results land in the workspace the executor has activated for the call.
 */
final class Nd4jKernels implements Kernels {

    private static final GruKernel GRU = new Nd4jGru();
    private static final RmspropKernel RMSPROP = new Nd4jRmsprop();
    /** Below these sizes the loop kernels run on the calling thread alone. */
    private static final int PARALLEL_ROWS = 4096;
    private static final int PARALLEL_ELEMENTS = 1 << 16;

    private final IntFunction<INDArray> variables;

    /** @param variables the executor's persistent array of each variable id */
    Nd4jKernels(IntFunction<INDArray> variables) {
        this.variables = variables;
    }

    // ---- sources

    @Override
    public Tensor constant(NdArray value) {
        return wrap(Nd4jTensor.toNd4j(value));
    }

    @Override
    public Tensor scalar(float value) {
        return wrap(Nd4j.scalar(value));
    }

    @Override
    public Tensor read(Variable variable) {
        return wrap(variables.apply(variable.id()));
    }

    // ---- element-wise

    @Override
    public Tensor add(Tensor a, Tensor b) {
        return broadcasting("add", a, b, DataType.FLOAT);
    }

    @Override
    public Tensor subtract(Tensor a, Tensor b) {
        return broadcasting("subtract", a, b, DataType.FLOAT);
    }

    @Override
    public Tensor multiply(Tensor a, Tensor b) {
        return broadcasting("multiply", a, b, DataType.FLOAT);
    }

    @Override
    public Tensor divide(Tensor a, Tensor b) {
        return broadcasting("divide", a, b, DataType.FLOAT);
    }

    @Override
    public Tensor maximum(Tensor a, Tensor b) {
        return broadcasting("maximum", a, b, DataType.FLOAT);
    }

    @Override
    public Tensor minimum(Tensor a, Tensor b) {
        return broadcasting("minimum", a, b, DataType.FLOAT);
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
        return wrap(Transforms.neg(arr(x), true));
    }

    @Override
    public Tensor square(Tensor x) {
        return wrap(arr(x).mul(arr(x)));
    }

    @Override
    public Tensor sqrt(Tensor x) {
        return wrap(Transforms.sqrt(arr(x), true));
    }

    @Override
    public Tensor exp(Tensor x) {
        return wrap(Transforms.exp(arr(x), true));
    }

    @Override
    public Tensor log(Tensor x) {
        return wrap(Transforms.log(arr(x), true));
    }

    @Override
    public Tensor abs(Tensor x) {
        return wrap(Transforms.abs(arr(x), true));
    }

    @Override
    public Tensor sign(Tensor x) {
        return wrap(Transforms.sign(arr(x), true));
    }

    @Override
    public Tensor relu(Tensor x) {
        return wrap(Transforms.relu(arr(x), true));
    }

    @Override
    public Tensor sigmoid(Tensor x) {
        return wrap(Transforms.sigmoid(arr(x), true));
    }

    @Override
    public Tensor tanh(Tensor x) {
        return wrap(Transforms.tanh(arr(x), true));
    }

    // ---- reductions and broadcasting

    @Override
    public Tensor sum(Tensor x, boolean keepDims, int... axes) {
        INDArray a = arr(x);
        return wrap(a.dataType() == DataType.FLOAT && leading(axes) && axes.length < a.rank()
                ? leadingSum(a, axes.length, keepDims)
                : a.sum(keepDims, axes));
    }

    private static boolean leading(int[] axes) {
        for (int i = 0; i < axes.length; i++) {
            if (axes[i] != i) {
                return false;
            }
        }
        return axes.length > 0;
    }

    /**
     * The sum over the first {@code count} axes (a bias's gradient, over batch and time) as one product
     * {@code 1ᵀ·X}, {@code X} being the array seen as {@code (rows, columns)}: on {@code (128, 236, 32)} libnd4j's
     * reduction takes ~0.7 ms, the product ~0.15.
     */
    private static INDArray leadingSum(INDArray a, int count, boolean keepDims) {
        INDArray dense = Nd4jTensor.contiguous(a);
        long[] shape = dense.shape();
        int rows = size(shape, 0, count);
        int columns = size(shape, count, shape.length);
        long[] outShape = Arrays.copyOfRange(shape, keepDims ? 0 : count, shape.length);
        Arrays.fill(outShape, 0, keepDims ? count : 0, 1L);
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, outShape);
        if (rows == 0 || columns == 0) {
            return out.assign(0);
        }
        Sgemm.sgemm(1, columns, rows, new Band(Nd4j.ones(DataType.FLOAT, rows), 0, rows), false,
                new Band(dense, 0, columns), false, 0f, new Band(out, 0, columns));
        return out;
    }

    @Override
    public Tensor max(Tensor x, boolean keepDims, int... axes) {
        return wrap(arr(x).max(keepDims, axes));
    }

    @Override
    public Tensor count(Tensor x, int... axes) {
        long n = 1;
        for (int axis : axes) {
            n *= arr(x).size(axis);
        }
        return scalar(n);
    }

    @Override
    public Tensor broadcastLike(Tensor x, Tensor like) {
        INDArray a = arr(x);
        long[] target = arr(like).shape();
        if (Arrays.equals(a.shape(), target)) {
            return wrap(a);
        }
        // The multiply kernel broadcasts both ways; a rank-0 one makes it a copy of x at like's shape.
        return wrap(binary("multiply", a.rank() == 0 ? a.reshape(1) : a, Nd4j.ones(DataType.FLOAT, target), target,
                DataType.FLOAT));
    }

    // ---- shape

    @Override
    public Tensor reshape(Tensor x, Shape shape) {
        INDArray a = arr(x);
        int[] dims = shape.dims();
        long known = 1;
        int unknown = -1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == Shape.UNKNOWN) {
                unknown = i;
            } else {
                known *= dims[i];
            }
        }
        long[] target = Arrays.stream(dims).asLongStream().toArray();
        if (unknown >= 0) {
            target[unknown] = a.length() / Math.max(1, known);
        }
        return wrap(Nd4jTensor.contiguous(a).reshape('c', target));
    }

    @Override
    public Tensor slice(Tensor x, int axis, int start, int length) {
        INDArray a = arr(x);
        INDArrayIndex[] index = new INDArrayIndex[a.rank()];
        Arrays.fill(index, NDArrayIndex.all());
        index[axis] = NDArrayIndex.interval(start, start + length);
        return wrap(a.get(index).dup('c'));
    }

    @Override
    public Tensor pad(Tensor x, int axis, int before, int after, float value) {
        INDArray a = arr(x);
        if (a.dataType() == DataType.FLOAT) {
            return wrap(padFloats(Nd4jTensor.contiguous(a), axis, before, after, value));
        }
        int[][] paddings = new int[a.rank()][2];
        paddings[axis] = new int[] {before, after};
        long[] shape = a.shape().clone();
        shape[axis] += before + after;
        INDArray out = Nd4j.createUninitialized(a.dataType(), shape);
        Nd4j.exec(DynamicCustomOp.builder("pad").addInputs(a, Nd4j.createFromArray(paddings)).addOutputs(out)
                .addIntegerArguments(0).addFloatingPointArguments((double) value).build());
        return wrap(out);
    }

    /**
     * Padding as block copies: the array is {@code outer} blocks of {@code length × inner} values along
     * {@code axis}, each written between its padding (libnd4j's {@code pad} took ~140 µs on a 32 × 96 array).
     */
    private static INDArray padFloats(INDArray a, int axis, int before, int after, float value) {
        long[] shape = a.shape().clone();
        int outer = size(shape, 0, axis);
        int inner = size(shape, axis + 1, shape.length);
        int block = Math.toIntExact(shape[axis]) * inner;
        shape[axis] += before + after;
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape);
        FloatBuffer from = a.data().asNioFloat();
        FloatBuffer to = out.data().asNioFloat();
        float[] head = new float[before * inner];
        float[] tail = new float[after * inner];
        Arrays.fill(head, value);
        Arrays.fill(tail, value);
        int stride = head.length + block + tail.length;
        for (int o = 0; o < outer; o++) {
            to.put(o * stride, head);
            to.put(o * stride + head.length, from, o * block, block);
            to.put(o * stride + head.length + block, tail);
        }
        return out;
    }

    @Override
    public Tensor concat(List<Tensor> xs, int axis) {
        return wrap(Nd4j.concat(axis, xs.stream().map(Nd4jKernels::arr).toArray(INDArray[]::new)));
    }

    /** Views of a dense copy: ND4J mishandles views taken of views (their data buffer comes back null). */
    @Override
    public List<Tensor> unstack(Tensor x, int axis) {
        INDArray a = Nd4jTensor.contiguous(arr(x));
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
        return wrap(Nd4j.stack(axis, xs.stream().map(Nd4jKernels::arr).toArray(INDArray[]::new)));
    }

    // ---- linear algebra and layers

    @Override
    public Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        INDArray left = Nd4jTensor.contiguous(arr(a));
        INDArray right = Nd4jTensor.contiguous(arr(b));
        long rows = transposeA ? left.size(1) : left.size(0);
        long columns = transposeB ? right.size(0) : right.size(1);
        long inner = transposeA ? left.size(0) : left.size(1);
        long innerRight = transposeB ? right.size(1) : right.size(0);
        if (inner != innerRight) {
            throw new IllegalArgumentException("matmul: inner dimensions differ, " + Arrays.toString(left.shape())
                    + (transposeA ? "ᵀ" : "") + " · " + Arrays.toString(right.shape()) + (transposeB ? "ᵀ" : ""));
        }
        if (inner == 0) {
            return wrap(Nd4j.zeros(DataType.FLOAT, rows, columns));
        }
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, rows, columns);
        Sgemm.sgemm(Math.toIntExact(rows), Math.toIntExact(columns), Math.toIntExact(inner),
                new Band(left, 0, Math.toIntExact(left.size(1))), transposeA,
                new Band(right, 0, Math.toIntExact(right.size(1))), transposeB, 0f,
                new Band(out, 0, Math.toIntExact(columns)));
        return wrap(out);
    }

    // Embedding lookups and their gradient are plain loops over direct buffers: at the IMDB net's sizes libnd4j's
    // gather and scatter_add took ~10 and ~45 ms a step, these a few.

    @Override
    public Tensor gather(Tensor table, Tensor ids) {
        INDArray t = Nd4jTensor.contiguous(arr(table));
        INDArray i = arr(ids);
        int width = Math.toIntExact(t.size(1));
        long[] shape = Arrays.copyOf(i.shape(), i.rank() + 1);
        shape[i.rank()] = width;
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape);
        int[] rowIds = rowIds(i);
        Parallel.forRanges(rowIds.length, rowIds.length >= PARALLEL_ROWS, (first, end) -> {
            FloatBuffer rows = t.data().asNioFloat();
            FloatBuffer gathered = out.data().asNioFloat();
            for (int n = first; n < end; n++) {
                gathered.put(n * width, rows, rowIds[n] * width, width);
            }
        });
        return wrap(out);
    }

    @Override
    public Tensor scatterAddRows(Tensor updates, Tensor ids, int rows) {
        INDArray u = Nd4jTensor.contiguous(arr(updates));
        int width = Math.toIntExact(u.size(u.rank() - 1));
        int[] rowIds = rowIds(arr(ids));
        // Each thread adds its share of the updates into a table of its own; the tables are summed in order.
        int parts = rowIds.length >= PARALLEL_ROWS ? Parallel.CORES : 1;
        float[][] tables = new float[parts][Math.multiplyExact(rows, width)];
        Parallel.forRanges(parts, parts > 1, (firstPart, endPart) -> {
            FloatBuffer source = u.data().asNioFloat();
            float[] update = new float[width];
            for (int part = firstPart; part < endPart; part++) {
                float[] partTable = tables[part];
                int end = (int) ((long) rowIds.length * (part + 1) / parts);
                for (int n = (int) ((long) rowIds.length * part / parts); n < end; n++) {
                    source.get(n * width, update);
                    int row = rowIds[n] * width;
                    for (int c = 0; c < width; c++) {
                        partTable[row + c] += update[c];
                    }
                }
            }
        });
        float[] table = tables[0];
        for (int part = 1; part < parts; part++) {
            Nd4jTensor.addInto(table, tables[part]);
        }
        return wrap(Nd4jTensor.fromFloats(table, rows, width));
    }

    private static int[] rowIds(INDArray ids) {
        return Nd4jTensor.contiguous(ids).reshape(-1).toIntVector();
    }

    @Override
    public Tensor conv1d(Tensor x, Tensor kernel, int stride, int dilation) {
        INDArray k = arr(kernel);
        return wrap(OneDnnConv1d.of(arr(x).shape(), k.shape(), stride, dilation).forward(arr(x), k));
    }

    @Override
    public List<Tensor> conv1dGradients(Tensor x, Tensor kernel, Tensor dy, int stride, int dilation,
                                        boolean wantInput, boolean wantKernel) {
        INDArray k = arr(kernel);
        OneDnnConv1d conv = OneDnnConv1d.of(arr(x).shape(), k.shape(), stride, dilation);
        List<Tensor> grads = new ArrayList<>(2);
        grads.add(wantInput ? wrap(conv.inputGradient(k, arr(dy))) : null);
        grads.add(wantKernel ? wrap(conv.kernelGradient(arr(x), arr(dy))) : null);
        return grads;
    }

    // Max pooling and its gradient: loops over one sample at a time copied to the heap (libnd4j's maxpool2d and
    // maxpool2d_bp took ~2 and ~18 ms on the IMDB net's first pooling); no window spans two samples, so each
    // thread takes its own samples.

    @Override
    public Tensor maxPool1d(Tensor x, int poolSize, int stride) {
        INDArray in = Nd4jTensor.contiguous(arr(x));
        int batch = Math.toIntExact(in.size(0));
        int time = Math.toIntExact(in.size(1));
        int channels = Math.toIntExact(in.size(2));
        int outTime = (time - poolSize) / stride + 1;
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, batch, outTime, channels);
        Parallel.forRanges(batch, in.length() >= PARALLEL_ELEMENTS, (firstSample, endSample) -> {
            FloatBuffer xs = in.data().asNioFloat();
            FloatBuffer ys = out.data().asNioFloat();
            float[] sample = new float[time * channels];
            float[] pooled = new float[outTime * channels];
            for (int b = firstSample; b < endSample; b++) {
                xs.get(b * sample.length, sample);
                for (int t = 0; t < outTime; t++) {
                    int window = t * stride * channels;
                    int to = t * channels;
                    System.arraycopy(sample, window, pooled, to, channels);
                    for (int j = 1; j < poolSize; j++) {
                        for (int c = 0; c < channels; c++) {
                            pooled[to + c] = Math.max(pooled[to + c], sample[window + j * channels + c]);
                        }
                    }
                }
                ys.put(b * pooled.length, pooled);
            }
        });
        return wrap(out);
    }

    /** Each output's gradient goes to the first maximum of its window, as TensorFlow's {@code MaxPoolGrad}. */
    @Override
    public Tensor maxPool1dGradient(Tensor x, Tensor y, Tensor dy, int poolSize, int stride) {
        INDArray in = Nd4jTensor.contiguous(arr(x));
        INDArray g = Nd4jTensor.contiguous(arr(dy));
        int batch = Math.toIntExact(in.size(0));
        int time = Math.toIntExact(in.size(1));
        int channels = Math.toIntExact(in.size(2));
        int outTime = Math.toIntExact(g.size(1));
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, in.shape());
        Parallel.forRanges(batch, in.length() >= PARALLEL_ELEMENTS, (firstSample, endSample) -> {
            FloatBuffer xs = in.data().asNioFloat();
            FloatBuffer grads = g.data().asNioFloat();
            FloatBuffer dxs = out.data().asNioFloat();
            float[] sample = new float[time * channels];
            float[] gradient = new float[outTime * channels];
            float[] dx = new float[time * channels];
            for (int b = firstSample; b < endSample; b++) {
                xs.get(b * sample.length, sample);
                grads.get(b * gradient.length, gradient);
                Arrays.fill(dx, 0f);
                for (int t = 0; t < outTime; t++) {
                    int window = t * stride * channels;
                    for (int c = 0; c < channels; c++) {
                        int best = window + c;
                        for (int j = 1; j < poolSize; j++) {
                            int at = window + j * channels + c;
                            if (sample[at] > sample[best]) {
                                best = at;
                            }
                        }
                        dx[best] += gradient[t * channels + c];
                    }
                }
                dxs.put(b * dx.length, dx);
            }
        });
        return wrap(out);
    }

    @Override
    public Tensor avgPool1d(Tensor x, int poolSize, int stride) {
        return pool1d("avgpool2d", x, poolSize, stride);
    }

    @Override
    public Tensor avgPool1dGradient(Tensor x, Tensor dy, int poolSize, int stride) {
        INDArray a = arr(x);
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, a.size(0), a.size(1), 1, a.size(2));
        Nd4j.exec(DynamicCustomOp.builder("avgpool2d_bp").addInputs(asImage(a), asImage(arr(dy))).addOutputs(out)
                .addIntegerArguments(poolArguments(poolSize, stride)).build());
        return wrap(out.reshape(a.shape()));
    }

    /** libnd4j's 2-D pooling {@code op} over time, on {@code x} seen as an image of width 1. */
    private static Tensor pool1d(String op, Tensor x, int poolSize, int stride) {
        INDArray a = arr(x);
        long outTime = (a.size(1) - poolSize) / stride + 1;
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, a.size(0), outTime, 1, a.size(2));
        Nd4j.exec(DynamicCustomOp.builder(op).addInputs(asImage(a)).addOutputs(out)
                .addIntegerArguments(poolArguments(poolSize, stride)).build());
        return wrap(out.reshape(a.size(0), outTime, a.size(2)));
    }

    /** {@code (batch, time, features)} as an NHWC image of height {@code time} and width 1. */
    private static INDArray asImage(INDArray a) {
        return Nd4jTensor.contiguous(a).reshape(a.size(0), a.size(1), 1, a.size(2));
    }

    /**
     * libnd4j's pooling arguments: kH, kW, sH, sW, pH, pW, dH, dW, same mode, extra (for average pooling, 1 divides
     * by the whole window; windows never reach padding here), NHWC.
     */
    private static int[] poolArguments(int poolSize, int stride) {
        return new int[] {poolSize, 1, stride, 1, 0, 0, 1, 1, 0, 1, 1};
    }

    // ---- helpers

    /** The number of elements spanned by axes {@code from … to − 1} of {@code shape}. */
    private static int size(long[] shape, int from, int to) {
        return Math.toIntExact(Arrays.stream(shape, from, to).reduce(1, Math::multiplyExact));
    }

    private static Tensor comparison(String op, Tensor a, Tensor b) {
        INDArray out = binary(op, arr(a), arr(b), broadcastShape(arr(a), arr(b)), DataType.BOOL);
        return wrap(out.castTo(DataType.FLOAT));
    }

    private static Tensor broadcasting(String op, Tensor a, Tensor b, DataType type) {
        return wrap(binary(op, arr(a), arr(b), broadcastShape(arr(a), arr(b)), type));
    }

    private static INDArray binary(String op, INDArray a, INDArray b, long[] shape, DataType type) {
        INDArray out = Nd4j.createUninitialized(type, shape);
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

    @Override
    public Optional<GruKernel> gru() {
        return Optional.of(GRU);
    }

    @Override
    public Optional<RmspropKernel> rmsprop() {
        return Optional.of(RMSPROP);
    }

    private static INDArray arr(Tensor t) {
        return ((Nd4jTensor) t).array();
    }

    private static Tensor wrap(INDArray a) {
        return new Nd4jTensor(a);
    }
}
