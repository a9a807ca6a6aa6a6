package dev.seqconv.backend.tensorflow;

import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Tensor;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** A tensor of the TensorFlow backend: a node of the graph being built, with its static shape. */
final class TfTensor implements Tensor {

    private final Operand<?> operand;
    private final Shape shape;
    private final DataType dataType;

    TfTensor(Operand<?> operand) {
        this.operand = operand;
        org.tensorflow.ndarray.Shape s = operand.shape();
        if (s.isUnknown()) {
            throw new IllegalStateException("TensorFlow could not infer the rank of " + operand.op().name());
        }
        int[] dims = new int[s.numDimensions()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = s.get(i) < 0 ? Shape.UNKNOWN : Math.toIntExact(s.get(i));
        }
        this.shape = Shape.of(dims);
        Class<?> type = operand.type();
        if (type == TFloat32.class) {
            dataType = DataType.FLOAT32;
        } else if (type == TInt32.class) {
            dataType = DataType.INT32;
        } else {
            throw new IllegalStateException("The TensorFlow backend only uses float32 and int32, got " + type);
        }
    }

    Operand<?> operand() {
        return operand;
    }

    @Override
    public Shape shape() {
        return shape;
    }

    @Override
    public DataType dataType() {
        return dataType;
    }
}
