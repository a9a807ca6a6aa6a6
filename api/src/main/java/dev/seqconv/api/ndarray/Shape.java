package dev.seqconv.api.ndarray;

import java.io.Serializable;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The dimensions of an array, outermost first: {@code (batch, time, features)} for sequences.
 *
 * <p>A dimension may be {@link #UNKNOWN} (Keras's {@code None}); that is how a model's batch dimension is
 * written before data arrives. Shapes are immutable values.
 */
public final class Shape implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The size of a dimension that is not known yet, printed as {@code None}. */
    public static final int UNKNOWN = -1;

    private static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    /**
     * A shape with the given dimensions.
     *
     * @throws IllegalArgumentException if a dimension is negative (other than {@link #UNKNOWN})
     */
    public static Shape of(int... dims) {
        for (int d : dims) {
            if (d < 0 && d != UNKNOWN) {
                throw new IllegalArgumentException("Dimensions must be >= 0 or Shape.UNKNOWN, got " + Arrays.toString(dims));
            }
        }
        return dims.length == 0 ? SCALAR : new Shape(dims.clone());
    }

    /** The shape of a single number. */
    public static Shape scalar() {
        return SCALAR;
    }

    public int rank() {
        return dims.length;
    }

    public int dim(int axis) {
        return dims[normalizeAxis(axis)];
    }

    /** A copy of the dimensions. */
    public int[] dims() {
        return dims.clone();
    }

    /** Whether every dimension is known. */
    public boolean isFullyKnown() {
        for (int d : dims) {
            if (d == UNKNOWN) {
                return false;
            }
        }
        return true;
    }

    /**
     * The number of elements.
     *
     * @throws IllegalStateException if a dimension is unknown
     */
    public long size() {
        long n = 1;
        for (int d : dims) {
            if (d == UNKNOWN) {
                throw new IllegalStateException("Shape " + this + " has an unknown dimension: it has no size yet");
            }
            n *= d;
        }
        return n;
    }

    /**
     * This shape for {@code size} elements: its one {@link #UNKNOWN} dimension, if it has one, set to what the
     * known ones leave ({@code reshape}'s {@code -1}, as numpy infers it).
     */
    public Shape inferUnknown(long size) {
        int[] d = dims.clone();
        long known = 1;
        int unknown = -1;
        for (int i = 0; i < d.length; i++) {
            if (d[i] == UNKNOWN) {
                unknown = i;
            } else {
                known *= d[i];
            }
        }
        if (unknown >= 0) {
            d[unknown] = Math.toIntExact(size / Math.max(1, known));
        }
        return Shape.of(d);
    }

    /** This shape with a batch dimension of the given size (possibly {@link #UNKNOWN}) put in front. */
    public Shape prepend(int batch) {
        int[] d = new int[dims.length + 1];
        d[0] = batch;
        System.arraycopy(dims, 0, d, 1, dims.length);
        return Shape.of(d);
    }

    /** This shape without its first dimension. */
    public Shape dropFirst() {
        if (dims.length == 0) {
            throw new IllegalStateException("A scalar shape has no first dimension");
        }
        return Shape.of(Arrays.copyOfRange(dims, 1, dims.length));
    }

    /** This shape with one dimension replaced. */
    public Shape withDim(int axis, int size) {
        int[] d = dims.clone();
        d[normalizeAxis(axis)] = size;
        return Shape.of(d);
    }

    /** An axis in {@code [0, rank)}; negative axes count from the end, as in numpy. */
    public int normalizeAxis(int axis) {
        int a = axis < 0 ? axis + dims.length : axis;
        if (a < 0 || a >= dims.length) {
            throw new IllegalArgumentException("Axis " + axis + " is out of range for a shape of rank " + dims.length);
        }
        return a;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Keras's notation: {@code (None, 500, 128)}, {@code (None, 32)}. */
    @Override
    public String toString() {
        String inner = IntStream.of(dims).mapToObj(d -> d == UNKNOWN ? "None" : Integer.toString(d))
                .collect(Collectors.joining(", "));
        return dims.length == 1 ? "(" + inner + ",)" : "(" + inner + ")";
    }
}
