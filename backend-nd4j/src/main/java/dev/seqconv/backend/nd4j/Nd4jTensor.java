package dev.seqconv.backend.nd4j;

import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Tensor;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A tensor of the ND4J backend: an {@link INDArray} computed eagerly, and its conversions to and from the host. */
final class Nd4jTensor implements Tensor {

    private final INDArray array;
    private final Shape shape;
    private final DataType dataType;

    Nd4jTensor(INDArray array) {
        this.array = array;
        this.shape = Shape.of(Arrays.stream(array.shape()).mapToInt(Math::toIntExact).toArray());
        this.dataType = switch (array.dataType()) {
            case FLOAT -> DataType.FLOAT32;
            case INT -> DataType.INT32;
            default -> throw new IllegalStateException("The ND4J backend only uses float32 and int32, got "
                    + array.dataType());
        };
    }

    INDArray array() {
        return array;
    }

    @Override
    public Shape shape() {
        return shape;
    }

    @Override
    public DataType dataType() {
        return dataType;
    }

    /** The ND4J array behind a tensor of this backend. */
    static INDArray arrayOf(Tensor t) {
        return ((Nd4jTensor) t).array();
    }

    /** {@code a} itself if it is a dense row-major array, else a dense row-major copy: what BLAS needs. */
    static INDArray contiguous(INDArray a) {
        return a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
    }

    /** A heap copy of a float array's values, in row-major order. */
    static float[] floats(INDArray a) {
        float[] values = new float[Math.toIntExact(a.length())];
        contiguous(a).data().asNioFloat().get(values);
        return values;
    }

    /** {@code sum += part}, element by element. */
    static void addInto(float[] sum, float[] part) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += part[i];
        }
    }

    /** A new float array of {@code shape} holding {@code values} (row-major), in the current workspace if any. */
    static INDArray fromFloats(float[] values, long... shape) {
        INDArray out = Nd4j.createUninitialized(org.nd4j.linalg.api.buffer.DataType.FLOAT, shape);
        out.data().asNioFloat().put(values);
        return out;
    }

    /** A new ND4J array holding a copy of {@code value}, in the current workspace if one is active. */
    static INDArray toNd4j(NdArray value) {
        long[] dims = Arrays.stream(value.shape().dims()).asLongStream().toArray();
        return switch (value.dataType()) {
            case FLOAT32 -> dims.length == 0 ? Nd4j.scalar(value.item())
                    : Nd4j.create(value.toFloatArray(), dims, org.nd4j.linalg.api.buffer.DataType.FLOAT);
            case INT32 -> Nd4j.createFromArray(value.toIntArray()).reshape(dims);
        };
    }

    /** A host copy of {@code array}'s values. */
    static NdArray toHost(INDArray array) {
        Shape shape = Shape.of(Arrays.stream(array.shape()).mapToInt(Math::toIntExact).toArray());
        INDArray flat = array.rank() == 0 ? array.reshape(1) : array.ravel();
        return switch (array.dataType()) {
            case FLOAT -> NdArray.wrapFloats(shape, flat.toFloatVector());
            case INT -> NdArray.wrapInts(shape, flat.toIntVector());
            default -> throw new IllegalStateException("Cannot copy an ND4J array of type " + array.dataType());
        };
    }
}
