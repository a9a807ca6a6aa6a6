package dev.seqconv.backend.tensorflow;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.ops.Variable;
import dev.seqconv.api.spi.Kernels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.op.nn.Conv2dBackpropFilter;
import org.tensorflow.op.nn.Conv2dBackpropInput;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The kernels as TensorFlow graph operations: each call adds nodes to the graph being traced. Conv1D and
 * pooling run as their 2-D ops on a height-1 image, as Keras does; their gradients are TensorFlow's own
 * backprop ops.
 */
final class TfKernels implements Kernels {

    private static final String VALID = "VALID";

    private final Ops tf;
    private final IntFunction<Operand<?>> handles;
    private final Map<Integer, Operand<TFloat32>> reads = new HashMap<>();

    /**
     * @param tf      the graph's op factory
     * @param handles the resource handle of each variable id
     */
    TfKernels(Ops tf, IntFunction<Operand<?>> handles) {
        this.tf = tf;
        this.handles = handles;
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
        return wrap(tf.math.add(f(a), f(b)));
    }

    @Override
    public Tensor subtract(Tensor a, Tensor b) {
        return wrap(tf.math.sub(f(a), f(b)));
    }

    @Override
    public Tensor multiply(Tensor a, Tensor b) {
        return wrap(tf.math.mul(f(a), f(b)));
    }

    @Override
    public Tensor divide(Tensor a, Tensor b) {
        return wrap(tf.math.div(f(a), f(b)));
    }

    @Override
    public Tensor maximum(Tensor a, Tensor b) {
        return wrap(tf.math.maximum(f(a), f(b)));
    }

    @Override
    public Tensor minimum(Tensor a, Tensor b) {
        return wrap(tf.math.minimum(f(a), f(b)));
    }

    @Override
    public Tensor greater(Tensor a, Tensor b) {
        return asFloat(tf.math.greater(f(a), f(b)));
    }

    @Override
    public Tensor greaterEqual(Tensor a, Tensor b) {
        return asFloat(tf.math.greaterEqual(f(a), f(b)));
    }

    @Override
    public Tensor equal(Tensor a, Tensor b) {
        return asFloat(tf.math.equal(f(a), f(b)));
    }

    @Override
    public Tensor negate(Tensor x) {
        return wrap(tf.math.neg(f(x)));
    }

    @Override
    public Tensor square(Tensor x) {
        return wrap(tf.math.square(f(x)));
    }

    @Override
    public Tensor sqrt(Tensor x) {
        return wrap(tf.math.sqrt(f(x)));
    }

    @Override
    public Tensor exp(Tensor x) {
        return wrap(tf.math.exp(f(x)));
    }

    @Override
    public Tensor log(Tensor x) {
        return wrap(tf.math.log(f(x)));
    }

    @Override
    public Tensor abs(Tensor x) {
        return wrap(tf.math.abs(f(x)));
    }

    @Override
    public Tensor sign(Tensor x) {
        return wrap(tf.math.sign(f(x)));
    }

    @Override
    public Tensor relu(Tensor x) {
        return wrap(tf.nn.relu(f(x)));
    }

    @Override
    public Tensor sigmoid(Tensor x) {
        return wrap(tf.math.sigmoid(f(x)));
    }

    @Override
    public Tensor tanh(Tensor x) {
        return wrap(tf.math.tanh(f(x)));
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
                Operand<TInt32> sizes = tf.gather(tf.shape(operand(x)), tf.constant(axes), tf.constant(0));
                return wrap(tf.dtypes.cast(tf.reduceProd(sizes, tf.constant(0)), TFloat32.class));
            }
            n *= d;
        }
        return scalar(n);
    }

    @Override
    public Tensor broadcastLike(Tensor x, Tensor like) {
        return wrap(tf.broadcastTo(f(x), tf.shape(operand(like))));
    }

    // ---- shape

    @Override
    public Tensor reshape(Tensor x, Shape shape) {
        return wrap(tf.reshape(operand(x), tf.constant(shape.dims())));
    }

    @Override
    public Tensor slice(Tensor x, int axis, int start, int length) {
        int[] begin = new int[x.rank()];
        int[] size = new int[x.rank()];
        java.util.Arrays.fill(size, -1);
        begin[axis] = start;
        size[axis] = length;
        return wrap(tf.slice(operand(x), tf.constant(begin), tf.constant(size)));
    }

    @Override
    public Tensor pad(Tensor x, int axis, int before, int after, float value) {
        int[][] paddings = new int[x.rank()][2];
        paddings[axis] = new int[] {before, after};
        return wrap(tf.pad(f(x), tf.constant(paddings), tf.constant(value)));
    }

    @Override
    public Tensor concat(List<Tensor> xs, int axis) {
        List<Operand<TFloat32>> operands = new ArrayList<>();
        xs.forEach(t -> operands.add(f(t)));
        return wrap(tf.concat(operands, tf.constant(axis)));
    }

    @Override
    public List<Tensor> unstack(Tensor x, int axis) {
        List<Tensor> parts = new ArrayList<>();
        tf.unstack(f(x), (long) x.shape().dim(axis), Unstack.axis((long) axis)).output().forEach(o -> parts.add(wrap(o)));
        return parts;
    }

    @Override
    public Tensor stack(List<Tensor> xs, int axis) {
        List<Operand<TFloat32>> operands = new ArrayList<>();
        xs.forEach(t -> operands.add(f(t)));
        return wrap(tf.stack(operands, Stack.axis((long) axis)));
    }

    // ---- linear algebra and layers

    @Override
    public Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        return wrap(tf.linalg.matMul(f(a), f(b), MatMul.transposeA(transposeA), MatMul.transposeB(transposeB)));
    }

    @Override
    public Tensor gather(Tensor table, Tensor ids) {
        return wrap(tf.gather(f(table), operand(ids), tf.constant(0)));
    }

    @Override
    public Tensor scatterAddRows(Tensor updates, Tensor ids, int rows) {
        int width = updates.shape().dim(-1);
        Operand<TFloat32> flat = tf.reshape(f(updates), tf.constant(new int[] {-1, width}));
        Operand<TInt32> flatIds = tf.reshape(operand(ids), tf.constant(new int[] {-1}));
        return wrap(tf.math.unsortedSegmentSum(flat, flatIds, tf.constant(rows)));
    }

    @Override
    public Tensor conv1d(Tensor x, Tensor kernel, int stride, int dilation) {
        Operand<TFloat32> y = tf.nn.conv2d(image(x), filter(kernel), windows(stride), VALID,
                Conv2d.dilations(windows(dilation)));
        return wrap(tf.squeeze(y, Squeeze.axis(1L)));
    }

    @Override
    public List<Tensor> conv1dGradients(Tensor x, Tensor kernel, Tensor dy, int stride, int dilation,
                                        boolean wantInput, boolean wantKernel) {
        Operand<TFloat32> image = image(x);
        Operand<TFloat32> dImage = tf.expandDims(f(dy), tf.constant(1));
        List<Tensor> grads = new ArrayList<>(2);
        grads.add(wantInput ? wrap(tf.squeeze(tf.nn.conv2dBackpropInput(tf.shape(image), filter(kernel), dImage,
                windows(stride), VALID, Conv2dBackpropInput.dilations(windows(dilation))), Squeeze.axis(1L))) : null);
        grads.add(wantKernel ? wrap(tf.squeeze(tf.nn.conv2dBackpropFilter(image, tf.shape(filter(kernel)), dImage,
                windows(stride), VALID, Conv2dBackpropFilter.dilations(windows(dilation))), Squeeze.axis(0L))) : null);
        return grads;
    }

    @Override
    public Tensor maxPool1d(Tensor x, int poolSize, int stride) {
        Operand<TFloat32> y = tf.nn.maxPool(image(x), tf.constant(new int[] {1, 1, poolSize, 1}),
                tf.constant(new int[] {1, 1, stride, 1}), VALID);
        return wrap(tf.squeeze(y, Squeeze.axis(1L)));
    }

    @Override
    public Tensor maxPool1dGradient(Tensor x, Tensor y, Tensor dy, int poolSize, int stride) {
        Operand<TFloat32> dx = tf.nn.maxPoolGrad(image(x), image(y), image(dy),
                tf.constant(new int[] {1, 1, poolSize, 1}), tf.constant(new int[] {1, 1, stride, 1}), VALID);
        return wrap(tf.squeeze(dx, Squeeze.axis(1L)));
    }

    @Override
    public Tensor avgPool1d(Tensor x, int poolSize, int stride) {
        return wrap(tf.squeeze(tf.nn.avgPool(image(x), windows(poolSize), windows(stride), VALID), Squeeze.axis(1L)));
    }

    @Override
    public Tensor avgPool1dGradient(Tensor x, Tensor dy, int poolSize, int stride) {
        return wrap(tf.squeeze(tf.nn.avgPoolGrad(tf.shape(image(x)), image(dy), windows(poolSize), windows(stride),
                VALID), Squeeze.axis(1L)));
    }

    /** {@code (batch, time, channels)} as an NHWC image of height 1: {@code (batch, 1, time, channels)}. */
    private Operand<TFloat32> image(Tensor x) {
        return tf.expandDims(f(x), tf.constant(1));
    }

    /** A Conv1D kernel {@code (k, in, out)} as a 2-D filter {@code (1, k, in, out)}. */
    private Operand<TFloat32> filter(Tensor kernel) {
        return tf.expandDims(f(kernel), tf.constant(0));
    }

    /** Window sizes, strides or dilations along the width (time) of an NHWC image. */
    private static List<Long> windows(int step) {
        return List.of(1L, 1L, (long) step, 1L);
    }

    private Tensor asFloat(Operand<TBool> mask) {
        return wrap(tf.dtypes.cast(mask, TFloat32.class));
    }

    private static Operand<TFloat32> f(Tensor t) {
        return operand(t);
    }

    /** The graph node of a tensor of this backend, typed for ops that accept any element type. */
    @SuppressWarnings("unchecked")
    static <T extends org.tensorflow.types.family.TType> Operand<T> operand(Tensor t) {
        return (Operand<T>) ((TfTensor) t).operand();
    }

    private static Tensor wrap(Operand<?> operand) {
        return new TfTensor(operand);
    }
}
