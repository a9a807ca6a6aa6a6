package dev.seqconv.backend.tensorflow;

import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Arrays;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.ndarray.buffer.IntDataBuffer;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Copies between host arrays and TensorFlow tensors, and shape conversions. */
final class TfConversions {

    /** The values {@link #copy} moves at a time: 64 kB, within the caches. */
    private static final int CHUNK = 16_384;

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

    /**
     * Copies {@code value} into {@code tensor}, which has its type and shape, in bulk copies of up to {@link #CHUNK}
     * values through a heap array. {@code copyFrom} a read-only NIO buffer (what {@link NdArray} gives) copies value
     * by value: 2.6-20 ms against 0.3-2.4 ms for a Jena batch of 430,080 floats (one JVM, a machine under load).
     */
    static void copy(NdArray value, Tensor tensor) {
        ByteDataBuffer target = tensor.asRawTensor().data();
        switch (value.dataType()) {
            case FLOAT32 -> {
                FloatBuffer source = value.floatBuffer();
                FloatDataBuffer floats = target.asFloats();
                float[] chunk = new float[Math.min(CHUNK, source.remaining())];
                for (long at = 0; source.hasRemaining(); at += chunk.length) {
                    int n = Math.min(chunk.length, source.remaining());
                    source.get(chunk, 0, n);
                    floats.offset(at).write(chunk, 0, n);
                }
            }
            case INT32 -> {
                IntBuffer source = value.intBuffer();
                IntDataBuffer ints = target.asInts();
                int[] chunk = new int[Math.min(CHUNK, source.remaining())];
                for (long at = 0; source.hasRemaining(); at += chunk.length) {
                    int n = Math.min(chunk.length, source.remaining());
                    source.get(chunk, 0, n);
                    ints.offset(at).write(chunk, 0, n);
                }
            }
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
