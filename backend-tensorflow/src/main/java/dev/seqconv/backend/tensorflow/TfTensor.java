package dev.seqconv.backend.tensorflow;

import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.spi.EngineTensor;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** A tensor of the TensorFlow backend: a node of the graph being built, with its static shape. */
final class TfTensor extends EngineTensor<Operand<?>> {

    TfTensor(Operand<?> operand) {
        super(operand, shapeOf(operand), dataTypeOf(operand));
    }

    /** The graph node behind a tensor of this backend, typed for ops that accept any element type. */
    @SuppressWarnings("unchecked")
    static <T extends org.tensorflow.types.family.TType> Operand<T> operandOf(Tensor t) {
        return (Operand<T>) ((TfTensor) t).value();
    }

    private static Shape shapeOf(Operand<?> operand) {
        org.tensorflow.ndarray.Shape s = operand.shape();
        if (s.isUnknown()) {
            throw new IllegalStateException("TensorFlow could not infer the rank of " + operand.op().name());
        }
        int[] dims = new int[s.numDimensions()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = s.get(i) < 0 ? Shape.UNKNOWN : Math.toIntExact(s.get(i));
        }
        return Shape.of(dims);
    }

    private static DataType dataTypeOf(Operand<?> operand) {
        Class<?> type = operand.type();
        if (type == TFloat32.class) {
            return DataType.FLOAT32;
        }
        if (type == TInt32.class) {
            return DataType.INT32;
        }
        throw new IllegalStateException("The TensorFlow backend only uses float32 and int32, got " + type);
    }
}
