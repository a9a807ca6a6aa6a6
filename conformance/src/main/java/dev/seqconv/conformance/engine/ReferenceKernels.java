package dev.seqconv.conformance.engine;

import static dev.seqconv.conformance.engine.ReferenceTensor.valuesOf;

import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.ops.Variable;
import dev.seqconv.api.spi.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntFunction;

/**
 * The kernels as loops over row-major float64 values, each the formula {@link dev.seqconv.api.ops.Primitives} and
 * {@link Kernels} state. Shapes are always concrete (the engine is eager), binary operations broadcast as numpy
 * does, and every kernel returns a new tensor.
 */
final class ReferenceKernels implements Kernels {

    private final IntFunction<ReferenceTensor> variables;

    /** @param variables the executor's current value of each variable id */
    ReferenceKernels(IntFunction<ReferenceTensor> variables) {
        this.variables = variables;
    }

    // ---- sources

    @Override
    public Tensor constant(NdArray value) {
        return ReferenceTensor.of(value);
    }

    @Override
    public Tensor scalar(float value) {
        return new ReferenceTensor(new double[] {value}, Shape.scalar(), DataType.FLOAT32);
    }

    @Override
    public Tensor read(Variable variable) {
        return variables.apply(variable.id());
    }

    // ---- element-wise

    @Override
    public Tensor add(Tensor a, Tensor b) {
        return broadcasting(a, b, a.dataType(), Double::sum);
    }

    @Override
    public Tensor subtract(Tensor a, Tensor b) {
        return broadcasting(a, b, a.dataType(), (x, y) -> x - y);
    }

    @Override
    public Tensor multiply(Tensor a, Tensor b) {
        return broadcasting(a, b, a.dataType(), (x, y) -> x * y);
    }

    @Override
    public Tensor divide(Tensor a, Tensor b) {
        return broadcasting(a, b, a.dataType(), (x, y) -> x / y);
    }

    @Override
    public Tensor maximum(Tensor a, Tensor b) {
        return broadcasting(a, b, a.dataType(), Math::max);
    }

    @Override
    public Tensor minimum(Tensor a, Tensor b) {
        return broadcasting(a, b, a.dataType(), Math::min);
    }

    @Override
    public Tensor greater(Tensor a, Tensor b) {
        return broadcasting(a, b, DataType.FLOAT32, (x, y) -> x > y ? 1 : 0);
    }

    @Override
    public Tensor greaterEqual(Tensor a, Tensor b) {
        return broadcasting(a, b, DataType.FLOAT32, (x, y) -> x >= y ? 1 : 0);
    }

    @Override
    public Tensor equal(Tensor a, Tensor b) {
        return broadcasting(a, b, DataType.FLOAT32, (x, y) -> x == y ? 1 : 0);
    }

    @Override
    public Tensor negate(Tensor x) {
        return map(x, v -> -v);
    }

    @Override
    public Tensor square(Tensor x) {
        return map(x, v -> v * v);
    }

    @Override
    public Tensor sqrt(Tensor x) {
        return map(x, Math::sqrt);
    }

    @Override
    public Tensor exp(Tensor x) {
        return map(x, Math::exp);
    }

    @Override
    public Tensor log(Tensor x) {
        return map(x, Math::log);
    }

    @Override
    public Tensor abs(Tensor x) {
        return map(x, Math::abs);
    }

    @Override
    public Tensor sign(Tensor x) {
        return map(x, Math::signum);
    }

    @Override
    public Tensor relu(Tensor x) {
        return map(x, v -> v > 0 ? v : Double.isNaN(v) ? v : 0);
    }

    @Override
    public Tensor sigmoid(Tensor x) {
        return map(x, v -> 1 / (1 + Math.exp(-v)));
    }

    @Override
    public Tensor tanh(Tensor x) {
        return map(x, Math::tanh);
    }

    /** {@code y = e^{x − m} / Σ e^{x − m}} over the last axis, {@code m} the row's maximum. */
    @Override
    public Tensor softmax(Tensor x) {
        double[] in = valuesOf(x);
        double[] out = new double[in.length];
        int n = x.shape().dim(x.rank() - 1);
        for (int row = 0; row < in.length; row += n) {
            double m = Double.NEGATIVE_INFINITY;
            for (int i = row; i < row + n; i++) {
                m = Math.max(m, in[i]);
            }
            double total = 0;
            for (int i = row; i < row + n; i++) {
                out[i] = Math.exp(in[i] - m);
                total += out[i];
            }
            for (int i = row; i < row + n; i++) {
                out[i] /= total;
            }
        }
        return new ReferenceTensor(out, x.shape(), x.dataType());
    }

    // ---- reductions and broadcasting

    @Override
    public Tensor sum(Tensor x, boolean keepDims, int... axes) {
        return reduce(x, keepDims, axes, 0, Double::sum);
    }

    /** The maximum over {@code axes}; a NaN in a group makes the group's maximum NaN. */
    @Override
    public Tensor max(Tensor x, boolean keepDims, int... axes) {
        return reduce(x, keepDims, axes, Double.NEGATIVE_INFINITY, (m, v) -> Double.isNaN(m) || m >= v ? m : v);
    }

    @Override
    public Tensor count(Tensor x, int... axes) {
        long n = 1;
        for (int axis : axes) {
            n *= x.shape().dim(x.shape().normalizeAxis(axis));
        }
        return scalar(n);
    }

    @Override
    public Tensor broadcastLike(Tensor x, Tensor like) {
        double[] in = valuesOf(x);
        int[] from = sourceIndices(x.shape(), like.shape());
        double[] out = new double[from.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = in[from[i]];
        }
        return new ReferenceTensor(out, like.shape(), x.dataType());
    }

    // ---- shape

    @Override
    public Tensor reshape(Tensor x, Shape shape) {
        return new ReferenceTensor(valuesOf(x), shape.inferUnknown(x.shape().size()), x.dataType());
    }

    @Override
    public Tensor slice(Tensor x, int axis, int start, int length) {
        Axis a = Axis.of(x.shape(), axis);
        double[] in = valuesOf(x);
        double[] out = new double[a.outer * length * a.inner];
        for (int o = 0; o < a.outer; o++) {
            System.arraycopy(in, (o * a.size + start) * a.inner, out, o * length * a.inner, length * a.inner);
        }
        return new ReferenceTensor(out, x.shape().withDim(a.axis, length), x.dataType());
    }

    @Override
    public Tensor pad(Tensor x, int axis, int before, int after, float value) {
        Axis a = Axis.of(x.shape(), axis);
        int size = a.size + before + after;
        double[] in = valuesOf(x);
        double[] out = new double[a.outer * size * a.inner];
        Arrays.fill(out, value);
        for (int o = 0; o < a.outer; o++) {
            System.arraycopy(in, o * a.size * a.inner, out, (o * size + before) * a.inner, a.size * a.inner);
        }
        return new ReferenceTensor(out, x.shape().withDim(a.axis, size), x.dataType());
    }

    @Override
    public Tensor concat(List<Tensor> xs, int axis) {
        Shape first = xs.get(0).shape();
        int normalized = first.normalizeAxis(axis);
        int size = xs.stream().mapToInt(t -> t.shape().dim(normalized)).sum();
        Axis joined = Axis.of(first.withDim(normalized, size), normalized);
        double[] out = new double[joined.outer * size * joined.inner];
        int offset = 0;
        for (Tensor t : xs) {
            Axis part = Axis.of(t.shape(), normalized);
            double[] in = valuesOf(t);
            for (int o = 0; o < part.outer; o++) {
                System.arraycopy(in, o * part.size * part.inner, out, (o * size + offset) * part.inner,
                        part.size * part.inner);
            }
            offset += part.size;
        }
        return new ReferenceTensor(out, first.withDim(normalized, size), xs.get(0).dataType());
    }

    @Override
    public List<Tensor> unstack(Tensor x, int axis) {
        int normalized = x.shape().normalizeAxis(axis);
        Shape partShape = Shape.of(withoutAxis(x.shape().dims(), normalized));
        List<Tensor> parts = new ArrayList<>(x.shape().dim(normalized));
        for (int i = 0; i < x.shape().dim(normalized); i++) {
            parts.add(reshape(slice(x, normalized, i, 1), partShape));
        }
        return parts;
    }

    @Override
    public Tensor stack(List<Tensor> xs, int axis) {
        int rank = xs.get(0).rank() + 1;
        int normalized = axis < 0 ? axis + rank : axis;
        int[] dims = xs.get(0).shape().dims();
        int[] expanded = new int[rank];
        for (int i = 0, j = 0; i < rank; i++) {
            expanded[i] = i == normalized ? 1 : dims[j++];
        }
        return concat(xs.stream().map(t -> reshape(t, Shape.of(expanded))).toList(), normalized);
    }

    // ---- linear algebra and layers

    /** {@code c[i, j] = Σ_k a[i, k] · b[k, j]} of the operands, each transposed first if asked. */
    @Override
    public Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        double[] x = valuesOf(a);
        double[] y = valuesOf(b);
        int rows = a.shape().dim(transposeA ? 1 : 0);
        int inner = a.shape().dim(transposeA ? 0 : 1);
        int columns = b.shape().dim(transposeB ? 0 : 1);
        if (b.shape().dim(transposeB ? 1 : 0) != inner) {
            throw new IllegalArgumentException("matmul of " + a.shape() + (transposeA ? "ᵀ" : "") + " and "
                    + b.shape() + (transposeB ? "ᵀ" : "") + ": inner dimensions differ");
        }
        double[] out = new double[rows * columns];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                double total = 0;
                for (int k = 0; k < inner; k++) {
                    double xv = transposeA ? x[k * rows + i] : x[i * inner + k];
                    double yv = transposeB ? y[j * inner + k] : y[k * columns + j];
                    total += xv * yv;
                }
                out[i * columns + j] = total;
            }
        }
        return new ReferenceTensor(out, Shape.of(rows, columns), DataType.FLOAT32);
    }

    @Override
    public Tensor gather(Tensor table, Tensor ids) {
        double[] rows = valuesOf(table);
        double[] index = valuesOf(ids);
        int width = (int) (table.shape().size() / table.shape().dim(0));
        double[] out = new double[index.length * width];
        for (int i = 0; i < index.length; i++) {
            System.arraycopy(rows, (int) index[i] * width, out, i * width, width);
        }
        return new ReferenceTensor(out, Shape.of(concat(ids.shape().dims(), table.shape().dropFirst().dims())),
                table.dataType());
    }

    @Override
    public Tensor scatterAddRows(Tensor updates, Tensor ids, int rows) {
        double[] in = valuesOf(updates);
        double[] index = valuesOf(ids);
        int width = in.length / Math.max(1, index.length);
        int[] rowShape = Arrays.copyOfRange(updates.shape().dims(), ids.rank(), updates.rank());
        double[] out = new double[rows * width];
        for (int i = 0; i < index.length; i++) {
            int row = (int) index[i];
            for (int f = 0; f < width; f++) {
                out[row * width + f] += in[i * width + f];
            }
        }
        return new ReferenceTensor(out, Shape.of(concat(new int[] {rows}, rowShape)), updates.dataType());
    }

    @Override
    public Tensor conv1d(Tensor x, Tensor kernel, int stride, int dilation) {
        Conv c = new Conv(x.shape(), kernel.shape(), stride, dilation);
        double[] in = valuesOf(x);
        double[] k = valuesOf(kernel);
        double[] out = new double[c.batch * c.outTime * c.filters];
        c.forEach((yi, xi, ki) -> out[yi] += in[xi] * k[ki]);
        return new ReferenceTensor(out, Shape.of(c.batch, c.outTime, c.filters), DataType.FLOAT32);
    }

    /**
     * {@code ∂x[b, t·s + k·d, c] += dy[b, t, f] · kernel[k, c, f]} and
     * {@code ∂kernel[k, c, f] += x[b, t·s + k·d, c] · dy[b, t, f]}.
     */
    @Override
    public List<Tensor> conv1dGradients(Tensor x, Tensor kernel, Tensor dy, int stride, int dilation,
                                        boolean wantInput, boolean wantKernel) {
        Conv c = new Conv(x.shape(), kernel.shape(), stride, dilation);
        double[] in = valuesOf(x);
        double[] k = valuesOf(kernel);
        double[] g = valuesOf(dy);
        double[] dx = new double[in.length];
        double[] dk = new double[k.length];
        c.forEach((yi, xi, ki) -> {
            dx[xi] += g[yi] * k[ki];
            dk[ki] += in[xi] * g[yi];
        });
        List<Tensor> grads = new ArrayList<>(2);
        grads.add(wantInput ? new ReferenceTensor(dx, x.shape(), DataType.FLOAT32) : null);
        grads.add(wantKernel ? new ReferenceTensor(dk, kernel.shape(), DataType.FLOAT32) : null);
        return grads;
    }

    @Override
    public Tensor maxPool1d(Tensor x, int poolSize, int stride) {
        Pool p = new Pool(x.shape(), poolSize, stride);
        double[] in = valuesOf(x);
        double[] out = new double[p.outSize()];
        for (int yi = 0; yi < out.length; yi++) {
            out[yi] = in[p.firstMax(in, yi)];
        }
        return new ReferenceTensor(out, p.outShape(), x.dataType());
    }

    @Override
    public Tensor maxPool1dGradient(Tensor x, Tensor y, Tensor dy, int poolSize, int stride) {
        Pool p = new Pool(x.shape(), poolSize, stride);
        double[] in = valuesOf(x);
        double[] g = valuesOf(dy);
        double[] dx = new double[in.length];
        for (int yi = 0; yi < g.length; yi++) {
            dx[p.firstMax(in, yi)] += g[yi];
        }
        return new ReferenceTensor(dx, x.shape(), DataType.FLOAT32);
    }

    @Override
    public Tensor avgPool1d(Tensor x, int poolSize, int stride) {
        Pool p = new Pool(x.shape(), poolSize, stride);
        double[] in = valuesOf(x);
        double[] out = new double[p.outSize()];
        for (int yi = 0; yi < out.length; yi++) {
            for (int i = 0; i < poolSize; i++) {
                out[yi] += in[p.input(yi, i)] / poolSize;
            }
        }
        return new ReferenceTensor(out, p.outShape(), x.dataType());
    }

    @Override
    public Tensor avgPool1dGradient(Tensor x, Tensor dy, int poolSize, int stride) {
        Pool p = new Pool(x.shape(), poolSize, stride);
        double[] g = valuesOf(dy);
        double[] dx = new double[(int) x.shape().size()];
        for (int yi = 0; yi < g.length; yi++) {
            for (int i = 0; i < poolSize; i++) {
                dx[p.input(yi, i)] += g[yi] / poolSize;
            }
        }
        return new ReferenceTensor(dx, x.shape(), DataType.FLOAT32);
    }

    // ---- helpers

    private static Tensor map(Tensor x, DoubleUnaryOperator f) {
        double[] in = valuesOf(x);
        double[] out = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = f.applyAsDouble(in[i]);
        }
        return new ReferenceTensor(out, x.shape(), x.dataType());
    }

    private static Tensor broadcasting(Tensor a, Tensor b, DataType type, DoubleBinaryOperator f) {
        Shape shape = broadcastShape(a.shape(), b.shape());
        int[] fromA = sourceIndices(a.shape(), shape);
        int[] fromB = sourceIndices(b.shape(), shape);
        double[] x = valuesOf(a);
        double[] y = valuesOf(b);
        double[] out = new double[fromA.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsDouble(x[fromA[i]], y[fromB[i]]);
        }
        return new ReferenceTensor(out, shape, type);
    }

    /** Folds each group of {@code axes} into one value, starting from {@code initial}. */
    private static Tensor reduce(Tensor x, boolean keepDims, int[] axes, double initial, DoubleBinaryOperator fold) {
        int[] kept = x.shape().dims();
        boolean[] reduced = new boolean[kept.length];
        for (int axis : axes) {
            int normalized = x.shape().normalizeAxis(axis);
            reduced[normalized] = true;
            kept[normalized] = 1;
        }
        int[] into = sourceIndices(Shape.of(kept), x.shape());
        double[] in = valuesOf(x);
        double[] out = new double[(int) Shape.of(kept).size()];
        Arrays.fill(out, initial);
        for (int i = 0; i < in.length; i++) {
            out[into[i]] = fold.applyAsDouble(out[into[i]], in[i]);
        }
        int[] dims = x.shape().dims();
        int[] remaining = new int[dims.length];
        int rank = 0;
        for (int i = 0; i < dims.length; i++) {
            if (!reduced[i]) {
                remaining[rank++] = dims[i];
            }
        }
        Shape shape = keepDims ? Shape.of(kept) : Shape.of(Arrays.copyOf(remaining, rank));
        return new ReferenceTensor(out, shape, x.dataType());
    }

    /** Numpy's broadcasting rule. */
    private static Shape broadcastShape(Shape a, Shape b) {
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.rank() ? 1 : a.dim(i - (rank - a.rank()));
            int db = i < rank - b.rank() ? 1 : b.dim(i - (rank - b.rank()));
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("Shapes " + a + " and " + b + " do not broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return Shape.of(out);
    }

    /**
     * For each row-major position of {@code to}, the position in {@code from} that broadcasting reads: {@code from}
     * aligned to the right, its size-1 (and missing) dimensions repeated.
     */
    private static int[] sourceIndices(Shape from, Shape to) {
        int rank = to.rank();
        int[] strides = new int[rank];
        for (int i = rank - 1, stride = 1; i >= rank - from.rank(); i--) {
            int dim = from.dim(i - (rank - from.rank()));
            strides[i] = dim == 1 ? 0 : stride;
            stride *= dim;
        }
        int[] indices = new int[(int) to.size()];
        for (int n = 0; n < indices.length; n++) {
            int rest = n;
            int index = 0;
            for (int axis = rank - 1; axis >= 0; axis--) {
                index += rest % to.dim(axis) * strides[axis];
                rest /= to.dim(axis);
            }
            indices[n] = index;
        }
        return indices;
    }

    private static int[] withoutAxis(int[] dims, int axis) {
        int[] out = new int[dims.length - 1];
        for (int i = 0, j = 0; i < dims.length; i++) {
            if (i != axis) {
                out[j++] = dims[i];
            }
        }
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A shape seen around one axis: {@code outer} blocks of {@code size} entries of {@code inner} values. */
    private record Axis(int axis, int outer, int size, int inner) {

        static Axis of(Shape shape, int axis) {
            int normalized = shape.normalizeAxis(axis);
            int outer = 1;
            int inner = 1;
            for (int i = 0; i < shape.rank(); i++) {
                if (i < normalized) {
                    outer *= shape.dim(i);
                } else if (i > normalized) {
                    inner *= shape.dim(i);
                }
            }
            return new Axis(normalized, outer, shape.dim(normalized), inner);
        }
    }

    /** A valid convolution of {@code x (batch, time, channels)} with {@code kernel (size, channels, filters)}. */
    private record Conv(int batch, int time, int channels, int size, int filters, int outTime, int stride,
                        int dilation) {

        Conv(Shape x, Shape kernel, int stride, int dilation) {
            this(x.dim(0), x.dim(1), x.dim(2), kernel.dim(0), kernel.dim(2),
                    Math.max(0, Math.floorDiv(x.dim(1) - (kernel.dim(0) - 1) * dilation - 1, stride) + 1), stride,
                    dilation);
        }

        /** Each term {@code y[b, t, f] ← x[b, t·stride + k·dilation, c] · kernel[k, c, f]}, by flat positions. */
        void forEach(Term term) {
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < outTime; t++) {
                    for (int k = 0; k < size; k++) {
                        int xt = t * stride + k * dilation;
                        for (int c = 0; c < channels; c++) {
                            for (int f = 0; f < filters; f++) {
                                term.add((b * outTime + t) * filters + f, (b * time + xt) * channels + c,
                                        (k * channels + c) * filters + f);
                            }
                        }
                    }
                }
            }
        }

        interface Term {
            void add(int output, int input, int kernel);
        }
    }

    /** Pooling windows of {@code poolSize} steps, {@code stride} apart, over {@code x (batch, time, channels)}. */
    private record Pool(int batch, int time, int channels, int poolSize, int stride, int outTime) {

        Pool(Shape x, int poolSize, int stride) {
            this(x.dim(0), x.dim(1), x.dim(2), poolSize, stride,
                    Math.max(0, Math.floorDiv(x.dim(1) - poolSize, stride) + 1));
        }

        int outSize() {
            return batch * outTime * channels;
        }

        Shape outShape() {
            return Shape.of(batch, outTime, channels);
        }

        /** The flat position in {@code x} of entry {@code i} of output {@code yi}'s window. */
        int input(int yi, int i) {
            int c = yi % channels;
            int t = yi / channels % outTime;
            int b = yi / channels / outTime;
            return (b * time + t * stride + i) * channels + c;
        }

        /** The window's first position holding its maximum (a NaN counts as the maximum). */
        int firstMax(double[] x, int yi) {
            int best = input(yi, 0);
            for (int i = 1; i < poolSize && !Double.isNaN(x[best]); i++) {
                int at = input(yi, i);
                if (x[at] > x[best] || Double.isNaN(x[at])) {
                    best = at;
                }
            }
            return best;
        }
    }
}
