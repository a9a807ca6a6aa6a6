package dev.seqconv.conformance.engine;

import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.spi.EngineTensor;

/**
 * A tensor of the reference engine: row-major float64 values (int32 ones held exactly) with the shape and type
 * the SPI sees. Never written after it is made, so that a value read from a variable stays what it was when read.
 */
final class ReferenceTensor extends EngineTensor<double[]> {

    ReferenceTensor(double[] values, Shape shape, DataType dataType) {
        super(values, shape, dataType);
        if (values.length != shape.size()) {
            throw new IllegalArgumentException(values.length + " values for shape " + shape);
        }
    }

    /** The values of a tensor of this engine: the one way to unwrap one. */
    static double[] valuesOf(Tensor t) {
        return ((ReferenceTensor) t).value();
    }

    /** {@code value}'s values, widened to float64. */
    static ReferenceTensor of(NdArray value) {
        double[] values = new double[value.size()];
        if (value.dataType() == DataType.FLOAT32) {
            float[] floats = value.toFloatArray();
            for (int i = 0; i < values.length; i++) {
                values[i] = floats[i];
            }
        } else {
            int[] ints = value.toIntArray();
            for (int i = 0; i < values.length; i++) {
                values[i] = ints[i];
            }
        }
        return new ReferenceTensor(values, value.shape(), value.dataType());
    }

    /** A host copy, rounded to float32 (or int32). */
    NdArray toHost() {
        double[] values = value();
        if (dataType() == DataType.FLOAT32) {
            float[] floats = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                floats[i] = (float) values[i];
            }
            return NdArray.wrapFloats(shape(), floats);
        }
        int[] ints = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            ints[i] = (int) values[i];
        }
        return NdArray.wrapInts(shape(), ints);
    }
}
