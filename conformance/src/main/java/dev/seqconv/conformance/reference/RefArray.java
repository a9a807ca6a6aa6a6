package dev.seqconv.conformance.reference;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.random.SeededRandom;
import java.util.Arrays;

/** A double-precision array for reference computations: shape and row-major values, mutable. */
public final class RefArray {

    private final int[] shape;
    private final double[] data;

    public RefArray(int[] shape, double[] data) {
        this.shape = shape.clone();
        this.data = data;
        if (Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b) != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " vs " + data.length + " values");
        }
    }

    public static RefArray zeros(int... shape) {
        return new RefArray(shape, new double[Arrays.stream(shape).reduce(1, (a, b) -> a * b)]);
    }

    /** Values uniform in {@code [lo, hi)}, rounded to float32 so that the engines see exactly these values. */
    public static RefArray uniform(SeededRandom random, double lo, double hi, int... shape) {
        RefArray a = zeros(shape);
        for (int i = 0; i < a.data.length; i++) {
            a.data[i] = (float) random.uniform(lo, hi);
        }
        return a;
    }

    public static RefArray of(NdArray array) {
        float[] values = array.toFloatArray();
        double[] data = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            data[i] = values[i];
        }
        return new RefArray(array.shape().dims(), data);
    }

    public int[] shape() {
        return shape.clone();
    }

    public int dim(int axis) {
        return shape[axis < 0 ? axis + shape.length : axis];
    }

    public int size() {
        return data.length;
    }

    public double flat(int i) {
        return data[i];
    }

    public void setFlat(int i, double v) {
        data[i] = v;
    }

    public double get(int... index) {
        return data[offset(index)];
    }

    public void set(double v, int... index) {
        data[offset(index)] = v;
    }

    public RefArray copy() {
        return new RefArray(shape, data.clone());
    }

    /** The values as a float32 array for an engine. */
    public NdArray toFloat32() {
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data[i];
        }
        return NdArray.ofFloats(Shape.of(shape), f);
    }

    /** The values as an int32 array for an engine (token ids). */
    public NdArray toInt32() {
        int[] v = new int[data.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (int) data[i];
        }
        return NdArray.ofInts(Shape.of(shape), v);
    }

    private int offset(int[] index) {
        int o = 0;
        for (int axis = 0; axis < shape.length; axis++) {
            if (index[axis] < 0 || index[axis] >= shape[axis]) {
                throw new IndexOutOfBoundsException(Arrays.toString(index) + " in " + Arrays.toString(shape));
            }
            o = o * shape[axis] + index[axis];
        }
        return o;
    }
}
