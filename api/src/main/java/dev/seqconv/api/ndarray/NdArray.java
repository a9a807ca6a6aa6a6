package dev.seqconv.api.ndarray;

import dev.seqconv.api.checks.Checks;
import java.io.Serializable;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * An immutable, backend-neutral array on the Java heap, in row-major order: the values a user gives to and
 * gets from a model (inputs, targets, predictions, weights).
 *
 * <p>Engines copy from and into it at the boundary; nothing here holds native memory. Serializable, so that
 * arrays travel between the JVMs of a cluster (Spark tasks and their results).
 */
public final class NdArray implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The most values one array holds: the longest Java array the JVM allocates. */
    public static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    private final Shape shape;
    private final DataType dataType;
    private final float[] floats;
    private final int[] ints;

    private NdArray(Shape shape, float[] floats, int[] ints) {
        if (!shape.isFullyKnown()) {
            throw new IllegalArgumentException("An array needs a fully known shape, got " + shape);
        }
        int length = floats != null ? floats.length : ints.length;
        if (shape.size() != length) {
            throw new IllegalArgumentException(
                    "Shape " + shape + " holds " + shape.size() + " values but " + length + " were given");
        }
        this.shape = shape;
        this.dataType = floats != null ? DataType.FLOAT32 : DataType.INT32;
        this.floats = floats;
        this.ints = ints;
    }

    /** A float array holding a copy of {@code values}. */
    public static NdArray ofFloats(Shape shape, float... values) {
        return new NdArray(shape, values.clone(), null);
    }

    /** An int array holding a copy of {@code values}. */
    public static NdArray ofInts(Shape shape, int... values) {
        return new NdArray(shape, null, values.clone());
    }

    /** An int matrix from rows of equal length (e.g. padded token sequences). */
    public static NdArray ofInts(int[][] rows) {
        int columns = rows.length == 0 ? 0 : rows[0].length;
        int[] data = new int[rows.length * columns];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != columns) {
                throw new IllegalArgumentException("Row " + r + " has " + rows[r].length + " values, row 0 has " + columns);
            }
            System.arraycopy(rows[r], 0, data, r * columns, columns);
        }
        return new NdArray(Shape.of(rows.length, columns), null, data);
    }

    /** A float scalar. */
    public static NdArray scalar(float value) {
        return new NdArray(Shape.scalar(), new float[] {value}, null);
    }

    /** A float array of zeros. */
    public static NdArray zeros(Shape shape) {
        return new NdArray(shape, new float[Math.toIntExact(shape.size())], null);
    }

    /** Wraps {@code values} without copying; the caller must not change them afterwards. */
    public static NdArray wrapFloats(Shape shape, float[] values) {
        return new NdArray(shape, values, null);
    }

    /** Wraps {@code values} without copying; the caller must not change them afterwards. */
    public static NdArray wrapInts(Shape shape, int[] values) {
        return new NdArray(shape, null, values);
    }

    public Shape shape() {
        return shape;
    }

    public DataType dataType() {
        return dataType;
    }

    /** The number of elements. */
    public int size() {
        return floats != null ? floats.length : ints.length;
    }

    /** The number of entries along the first axis (samples, for a data set). */
    public int length() {
        if (shape.rank() == 0) {
            throw new IllegalStateException("A scalar has no first axis");
        }
        return shape.dim(0);
    }

    public float getFloat(int... index) {
        requireType(DataType.FLOAT32);
        return floats[flatIndex(index)];
    }

    /** The single value of a one-element float array. */
    public float item() {
        requireType(DataType.FLOAT32);
        if (floats.length != 1) {
            throw new IllegalStateException("item() needs exactly one element, this array has shape " + shape);
        }
        return floats[0];
    }

    /** A copy of the values, row-major; any data type is converted to float. */
    public float[] toFloatArray() {
        if (floats != null) {
            return floats.clone();
        }
        float[] out = new float[ints.length];
        for (int i = 0; i < ints.length; i++) {
            out[i] = ints[i];
        }
        return out;
    }

    /** A copy of the values of an int array, row-major. */
    public int[] toIntArray() {
        requireType(DataType.INT32);
        return ints.clone();
    }

    /** A read-only view of the values of a float array, to copy them without an intermediate array. */
    public FloatBuffer floatBuffer() {
        requireType(DataType.FLOAT32);
        return FloatBuffer.wrap(floats).asReadOnlyBuffer();
    }

    /** A read-only view of the values of an int array, to copy them without an intermediate array. */
    public IntBuffer intBuffer() {
        requireType(DataType.INT32);
        return IntBuffer.wrap(ints).asReadOnlyBuffer();
    }

    /** The same values under another shape of the same size. */
    public NdArray reshape(Shape newShape) {
        return new NdArray(newShape, floats, ints);
    }

    /** The entries {@code [from, to)} along the first axis. */
    public NdArray rows(int from, int to) {
        if (from < 0 || to > length() || from > to) {
            throw new IndexOutOfBoundsException("Rows [" + from + ", " + to + ") of an array of length " + length());
        }
        int stride = size() / Math.max(1, length());
        Shape out = shape.withDim(0, to - from);
        return floats != null
                ? new NdArray(out, Arrays.copyOfRange(floats, from * stride, to * stride), null)
                : new NdArray(out, null, Arrays.copyOfRange(ints, from * stride, to * stride));
    }

    /**
     * {@code f} of this array, computed a slice at a time: {@code f} applied to consecutive slices of at most
     * {@code sliceRows} rows, its float results stacked along the first axis (a model predicting in batches);
     * each slice's result is copied once, into the whole.
     *
     * @param outputRow the shape of {@code f}'s result for one row
     * @throws IllegalArgumentException if {@code sliceRows} is not positive, the results would not fit one Java
     *                                  array, or {@code f} returns another number of values than {@code outputRow}
     *                                  says
     */
    public NdArray mapSlices(int sliceRows, Shape outputRow, UnaryOperator<NdArray> f) {
        Checks.positive("sliceRows", sliceRows);
        int n = length();
        long perRow = outputRow.size();
        if (n * perRow > MAX_VALUES) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "The results of %,d rows would hold %,d "
                    + "values, more than one Java array holds (%,d): work in slices of at most %,d samples "
                    + "(x.rows(from, to))", n, n * perRow, MAX_VALUES, MAX_VALUES / perRow));
        }
        float[] out = new float[(int) (n * perRow)];
        for (int start = 0, end; start < n; start = end) {
            end = (int) Math.min((long) start + sliceRows, n);
            FloatBuffer slice = f.apply(rows(start, end)).floatBuffer();
            if (slice.remaining() != (end - start) * perRow) {
                throw new IllegalArgumentException("Rows [" + start + ", " + end + ") gave " + slice.remaining()
                        + " values where " + (end - start) * perRow + " were expected (" + (end - start)
                        + " rows of shape " + outputRow + ")");
            }
            slice.get(out, (int) (start * perRow), slice.remaining());
        }
        return new NdArray(outputRow.prepend(n), out, null);
    }

    /** The entries at {@code indices} along the first axis, in that order (a batch drawn from a data set). */
    public NdArray rows(int[] indices) {
        int n = length();
        int stride = n == 0 ? 0 : size() / n;
        Shape out = shape.withDim(0, indices.length);
        Object source = floats != null ? floats : ints;
        Object target = floats != null ? new float[indices.length * stride] : new int[indices.length * stride];
        for (int i = 0; i < indices.length; i++) {
            Objects.checkIndex(indices[i], n);
            System.arraycopy(source, indices[i] * stride, target, i * stride, stride);
        }
        return floats != null ? new NdArray(out, (float[]) target, null) : new NdArray(out, null, (int[]) target);
    }

    /** The flat index of the first NaN or infinite value, or -1 if every value is finite. */
    public int firstNonFinite() {
        if (floats == null) {
            return -1;
        }
        for (int i = 0; i < floats.length; i++) {
            if (!Float.isFinite(floats[i])) {
                return i;
            }
        }
        return -1;
    }

    private int flatIndex(int[] index) {
        if (index.length != shape.rank()) {
            throw new IllegalArgumentException("Index of rank " + index.length + " for an array of shape " + shape);
        }
        int flat = 0;
        for (int axis = 0; axis < index.length; axis++) {
            flat = flat * shape.dim(axis) + Objects.checkIndex(index[axis], shape.dim(axis));
        }
        return flat;
    }

    private void requireType(DataType expected) {
        if (dataType != expected) {
            throw new IllegalStateException("This array holds " + dataType + ", not " + expected);
        }
    }

    @Override
    public String toString() {
        return "NdArray" + shape + " " + dataType;
    }
}
