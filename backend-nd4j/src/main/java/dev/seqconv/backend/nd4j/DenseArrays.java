package dev.seqconv.backend.nd4j;

import dev.seqconv.api.ndarray.Shape;
import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Dense row-major float arrays, as the loop kernels and oneDNN read and write them, and their heap copies. */
final class DenseArrays {

    private DenseArrays() {
    }

    /** Whether {@code array}'s values are its buffer's, from the first, in row-major order. */
    static boolean isDense(INDArray array) {
        return !array.isView() && array.ordering() == 'c' && array.offset() == 0
                && array.data().length() == array.length();
    }

    /**
     * Copies {@code from}'s values into {@code to}, an array of its shape: one {@code memcpy} where both are dense
     * arrays of one type, else ND4J's {@code assign} (an operation whose Java costs more than the copy of a layer's
     * weights, and is much of what the JIT compiles in the first training steps).
     */
    static void copy(INDArray from, INDArray to) {
        if (isDense(from) && isDense(to) && from.dataType() == to.dataType() && from.length() == to.length()) {
            Pointer.memcpy(to.data().addressPointer(), from.data().addressPointer(),
                    from.length() * from.data().getElementSize());
        } else {
            to.assign(from);
        }
    }

    /** {@code a} itself if it is a dense row-major array, else a dense row-major copy: what BLAS needs. */
    static INDArray contiguous(INDArray a) {
        return a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
    }

    /**
     * A dense row-major array of {@code shape} on {@code dense}'s buffer, itself dense (not a view): made directly
     * from the known shape and row-major strides, where ND4J's {@code reshape} checks the layout in Java (~3× the
     * time) and returns a view, which {@link #contiguous} would copy again.
     *
     * @param dense a dense row-major array, as {@link #contiguous} returns
     */
    static INDArray reshaped(INDArray dense, long[] shape) {
        long length = 1;
        for (long d : shape) {
            length *= d;
        }
        if (length != dense.length()) {
            throw new IllegalArgumentException("Cannot reshape " + dense.length() + " values to "
                    + Arrays.toString(shape) + ": the new shape must hold as many values as the old one");
        }
        if (length == 0 || shape.length == 0) {
            return dense.reshape('c', shape);
        }
        return CallArrays.view(dense, shape, () -> {
            long[] strides = new long[shape.length];
            long stride = 1;
            for (int i = shape.length - 1; i >= 0; i--) {
                strides[i] = stride;
                stride *= shape[i];
            }
            return Nd4j.create(dense.data(), shape, strides, dense.offset(), 'c');
        });
    }

    /**
     * A heap copy of a float array's values, in row-major order. The copies to and from the heap here are JavaCPP's
     * native bulk copies: as fast as NIO's bulk {@code get} and {@code put}, whose Java (buffer views, bounds checks,
     * an element loop for short copies) C2 compiled into every kernel calling these, ~10× the compile time.
     */
    static float[] floats(INDArray a) {
        return floats(contiguous(a), 0, Math.toIntExact(a.length()));
    }

    /** A heap copy of {@code length} values of a dense float array from {@code from} on. */
    static float[] floats(INDArray dense, long from, int length) {
        float[] values = new float[length];
        pointer(dense).position(from).get(values);
        return values;
    }

    /** Writes {@code values} into a dense float array from {@code at} on. */
    static void write(INDArray dense, long at, float[] values) {
        pointer(dense).position(at).put(values);
    }

    /** The address of a dense array's first value, as a pointer that its holder may move ({@code position}). */
    static FloatPointer pointer(INDArray dense) {
        return new FloatPointer(dense.data().addressPointer());
    }

    /** {@code sum[at + i] += part[i]}, element by element. */
    static void addInto(float[] sum, int at, float[] part) {
        addInto(sum, at, part, 0, part.length);
    }

    /** {@code sum[at + i] += part[from + i]} for {@code i < length}, element by element. */
    static void addInto(float[] sum, int at, float[] part, int from, int length) {
        for (int i = 0; i < length; i++) {
            sum[at + i] += part[from + i];
        }
    }

    /** A float array of {@code shape} holding {@code values} (row-major): the call's ({@link CallArrays}) if in one. */
    static INDArray fromFloats(float[] values, long... shape) {
        INDArray out = CallArrays.uninitialized(DataType.FLOAT, shape);
        write(out, 0, values);
        return out;
    }

    /** The number of elements spanned by axes {@code from … to − 1} of {@code shape}. */
    static int size(long[] shape, int from, int to) {
        long n = 1;
        for (int i = from; i < to; i++) {
            n = Math.multiplyExact(n, shape[i]);
        }
        return Math.toIntExact(n);
    }

    /** {@code shape}'s dimensions as ND4J takes them. */
    static long[] longs(Shape shape) {
        long[] dims = new long[shape.rank()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.dim(i);
        }
        return dims;
    }
}
