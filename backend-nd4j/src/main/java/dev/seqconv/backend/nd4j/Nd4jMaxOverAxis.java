package dev.seqconv.backend.nd4j;

import static dev.seqconv.backend.nd4j.Nd4jTensor.arrayOf;

import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.spi.MaxOverAxisKernel;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The maximum over one axis for training as two Java loops over the float data ({@link MaxOverAxisKernel}'s
 * Javadoc gives the formula): the forward finds each maximum and counts its ties in one pass, the backward writes
 * {@code ∂x} in one pass. The composed form runs libnd4j's {@code max} forward and {@code equals}, {@code sum},
 * {@code divide} and {@code multiply} backward, five passes over {@code x}'s size.
 */
final class Nd4jMaxOverAxis implements MaxOverAxisKernel {

    @Override
    public Run forward(Tensor x, int axis, boolean keepDims) {
        if (arrayOf(x).dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("The maximum for training takes float32 values, not "
                    + arrayOf(x).dataType() + ": cast the input to float32 first");
        }
        long[] shape = arrayOf(x).shape();
        int outer = DenseArrays.size(shape, 0, axis);
        int length = Math.toIntExact(shape[axis]);
        int inner = DenseArrays.size(shape, axis + 1, shape.length);
        if (length == 0) {
            throw new IllegalArgumentException("Cannot take the maximum over axis " + axis + " of size 0: the axis "
                    + "must hold at least one value");
        }
        float[] values = DenseArrays.floats(arrayOf(x));
        float[] max = new float[outer * inner];
        int[] ties = new int[outer * inner];
        for (int o = 0; o < outer; o++) {
            int row = o * inner;
            System.arraycopy(values, o * length * inner, max, row, inner);
            Arrays.fill(ties, row, row + inner, 1);
            for (int j = 1; j < length; j++) {
                int from = (o * length + j) * inner;
                for (int i = 0; i < inner; i++) {
                    float v = values[from + i];
                    float m = max[row + i];
                    if (v > m || v != v) { // a NaN stays the maximum, as in libnd4j's max
                        max[row + i] = v;
                        ties[row + i] = 1;
                    } else if (v == m) {
                        ties[row + i]++;
                    }
                }
            }
        }
        long[] reduced = SmallArrayLoops.reducedShape(shape, axis, keepDims);
        return new Run() {
            @Override
            public Tensor output() {
                return new Nd4jTensor(DenseArrays.fromFloats(max, reduced));
            }

            @Override
            public Tensor backward(Tensor dOutput) {
                float[] dy = DenseArrays.floats(arrayOf(dOutput));
                float[] dx = new float[values.length];
                for (int o = 0; o < outer; o++) {
                    int row = o * inner;
                    for (int j = 0; j < length; j++) {
                        int from = (o * length + j) * inner;
                        for (int i = 0; i < inner; i++) {
                            if (values[from + i] == max[row + i]) {
                                dx[from + i] = dy[row + i] / ties[row + i];
                            }
                        }
                    }
                }
                return new Nd4jTensor(DenseArrays.fromFloats(dx, shape));
            }
        };
    }
}
