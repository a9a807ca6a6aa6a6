package dev.seqconv.backend.nd4j;

import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.spi.EngineTensor;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A tensor of the ND4J backend: an {@link INDArray} computed eagerly, and its conversions to and from the host. */
final class Nd4jTensor extends EngineTensor<INDArray> {

    Nd4jTensor(INDArray array) {
        super(array, shapeOf(array), switch (array.dataType()) {
            case FLOAT -> DataType.FLOAT32;
            case INT -> DataType.INT32;
            default -> throw new IllegalStateException("The ND4J backend only uses float32 and int32, got "
                    + array.dataType());
        });
    }

    /** The ND4J array behind a tensor of this backend: the one way to unwrap one. */
    static INDArray arrayOf(Tensor t) {
        return ((Nd4jTensor) t).value();
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
        Shape shape = shapeOf(array);
        INDArray flat = array.rank() == 0 ? array.reshape(1) : array.ravel();
        return switch (array.dataType()) {
            case FLOAT -> NdArray.wrapFloats(shape, flat.toFloatVector());
            case INT -> NdArray.wrapInts(shape, flat.toIntVector());
            default -> throw new IllegalStateException("Cannot copy an ND4J array of type " + array.dataType());
        };
    }

    private static Shape shapeOf(INDArray array) {
        return Shape.of(Arrays.stream(array.shape()).mapToInt(Math::toIntExact).toArray());
    }
}
