package dev.seqconv.backend.nd4j;

import static dev.seqconv.backend.nd4j.Nd4jTensor.arrayOf;

import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.spi.MaxOverAxisKernel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The maximum over one axis for training (GlobalMaxPooling1D's) on oneDNN ({@link OneDnnMaxOverAxis}, whose Javadoc
 * gives the formula; {@link MaxOverAxisKernel}'s gives the rule): one pooling forward, and four primitives backward
 * that share each maximum's gradient among its ties. Composed, the same is libnd4j's {@code max} forward and {@code
 * equals} (and a cast), {@code sum}, {@code divide} and {@code multiply} backward, the reduction over a middle axis
 * and the broadcasts the slowest (~1 ms of the Jena Conv1D step together; docs/engines.md). Java loops over heap
 * copies were slower than that composition (docs/engines.md): their compares branch, and the rows are too short
 * (32 channels) for the JIT to vectorize. Where {@code x} is a fused ReLU's output ({@link Nd4jTensor#ofReluOutput}),
 * the backward also gates the gradient by {@code x > 0} and says so ({@link Nd4jTensor#gated}), as max pooling does,
 * so the Conv1D layer before it skips its ReLU backward.
 */
final class Nd4jMaxOverAxis implements MaxOverAxisKernel {

    @Override
    public Run forward(Tensor x, int axis, boolean keepDims) {
        INDArray a = arrayOf(x);
        if (a.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("The maximum for training takes float32 values, not " + a.dataType()
                    + ": cast the input to float32 first");
        }
        long[] shape = a.shape();
        if (axis < 0 || axis >= shape.length) {
            throw new IllegalArgumentException("Axis " + axis + " is outside an array of rank " + shape.length
                    + ": give a normalized axis in [0, " + shape.length + ")");
        }
        int outer = DenseArrays.size(shape, 0, axis);
        int length = Math.toIntExact(shape[axis]);
        int inner = DenseArrays.size(shape, axis + 1, shape.length);
        long[] yShape = shape.clone();
        yShape[axis] = 1;
        if (!keepDims) {
            yShape = new long[shape.length - 1];
            System.arraycopy(shape, 0, yShape, 0, axis);
            System.arraycopy(shape, axis + 1, yShape, axis, shape.length - axis - 1);
        }
        if (length == 1) {
            return alone(a, yShape);
        }
        INDArray reluOutput = Nd4jTensor.reluOutput(x);
        OneDnnMaxOverAxis primitives = OneDnnMaxOverAxis.acquire(outer, length, inner);
        INDArray y;
        try {
            y = primitives.forward(a, yShape);
        } finally {
            primitives.release();
        }
        return new Run() {
            @Override
            public Tensor output() {
                return new Nd4jTensor(y);
            }

            @Override
            public Tensor backward(Tensor dOutput) {
                OneDnnMaxOverAxis again = OneDnnMaxOverAxis.acquire(outer, length, inner);
                try {
                    INDArray dx = again.inputGradient(a, y, arrayOf(dOutput), reluOutput != null);
                    return reluOutput == null ? new Nd4jTensor(dx) : Nd4jTensor.gated(dx, reluOutput);
                } finally {
                    again.release();
                }
            }
        };
    }

    /**
     * The maximum over an axis of one value, which oneDNN's reduction refuses: {@code y} is {@code x} and {@code ∂x} is
     * {@code ∂y} ({@code 1 · ∂y / 1}, as composed), both reshaped.
     */
    private static Run alone(INDArray x, long[] yShape) {
        INDArray y = DenseArrays.reshaped(DenseArrays.contiguous(x), yShape);
        return new Run() {
            @Override
            public Tensor output() {
                return new Nd4jTensor(y);
            }

            @Override
            public Tensor backward(Tensor dOutput) {
                return new Nd4jTensor(DenseArrays.reshaped(DenseArrays.contiguous(arrayOf(dOutput)), x.shape()));
            }
        };
    }
}
