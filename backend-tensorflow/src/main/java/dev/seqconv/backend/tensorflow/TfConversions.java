package dev.seqconv.backend.tensorflow;

import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import java.util.Arrays;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Copies between host arrays and TensorFlow tensors, and shape conversions. */
final class TfConversions {

    private TfConversions() {
    }

    static org.tensorflow.ndarray.Shape shape(Shape shape) {
        return org.tensorflow.ndarray.Shape.of(Arrays.stream(shape.dims()).asLongStream().toArray());
    }

    /** A new TensorFlow tensor holding a copy of {@code value}; the caller closes it. */
    static Tensor toTensor(NdArray value) {
        Tensor tensor = newTensor(value.dataType(), value.shape());
        copy(value, tensor);
        return tensor;
    }

    /** A new, uninitialised TensorFlow tensor of {@code type} and {@code shape}; the caller closes it. */
    static Tensor newTensor(DataType type, Shape shape) {
        return switch (type) {
            case FLOAT32 -> TFloat32.tensorOf(shape(shape));
            case INT32 -> TInt32.tensorOf(shape(shape));
        };
    }

    /** Copies {@code value} into {@code tensor}, which has its type and shape. */
    static void copy(NdArray value, Tensor tensor) {
        switch (value.dataType()) {
            case FLOAT32 -> ((TFloat32) tensor).copyFrom(DataBuffers.of(value.floatBuffer()));
            case INT32 -> ((TInt32) tensor).copyFrom(DataBuffers.of(value.intBuffer()));
        }
    }

    /** A host copy of a float32 or int32 tensor. */
    static NdArray toHost(Tensor tensor) {
        Shape shape = Shape.of(Arrays.stream(tensor.shape().asArray()).mapToInt(Math::toIntExact).toArray());
        int size = Math.toIntExact(tensor.shape().size());
        if (tensor instanceof TFloat32 floats) {
            float[] data = new float[size];
            floats.copyTo(DataBuffers.of(data, false, false));
            return NdArray.wrapFloats(shape, data);
        }
        if (tensor instanceof TInt32 ints) {
            int[] data = new int[size];
            ints.copyTo(DataBuffers.of(data, false, false));
            return NdArray.wrapInts(shape, data);
        }
        throw new IllegalStateException("The TensorFlow backend only returns float32 and int32, got " + tensor.dataType());
    }
}
