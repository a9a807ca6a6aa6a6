package dev.seqconv.backend.nd4j;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Element-wise arithmetic and functions, sums and maxima along an axis of small float arrays as single-threaded Java
 * loops. A libnd4j operation costs 35-60 µs whatever its size (an add or ReLU of 7,552 values, measured in
 * docs/engines.md), which makes a batch-1 prediction and a loss over a batch mostly fixed costs, and its Java is much
 * of what the JIT compiles in a training run's first steps; at most {@link #MAX_ELEMENTS} values these loops take a
 * few µs. Larger arrays keep libnd4j's multi-threaded kernels. Every operation here gives libnd4j's bits, so the
 * result does not depend on which route ran:
 * <pre>
 * arithmetic: out[i] = a[i] ∘ b[i]   (∘ ∈ {+, −, ×, ÷}; numpy broadcasting of a single value or a last-axis row)
 * relu:       out[i] = x[i] &lt; 0 ? 0 : x[i]
 * negate:     out[i] = −x[i]
 * abs:        out[i] = |x[i]|
 * sign:       out[i] = [0 &lt; x[i]] − [x[i] &lt; 0]   (0 for NaN)
 * sum:        s = (…((x[0] + x[1]) + x[2]) …) + x[n−1]   (all axes, n ≤ {@link #SEQUENTIAL_SUM})
 * max:        out[o, i] = max_j x[o, j, i]   (one axis)
 * fill:       out[i] = v
 * </pre>
 */
final class SmallArrayLoops {

    /** The largest result these loops compute; above it libnd4j's fixed cost is small against the work. */
    static final long MAX_ELEMENTS = 1 << 16;

    /**
     * The most values libnd4j sums on one thread, one after another, whatever the number of threads (it gives each
     * thread at least 1,024): up to here a sequential loop has its bits. Measured with ND4J 1.0.0-M2.1, 2 threads: all
     * 50 random sums of each length up to 2,047 alike, 3 in 50 at 2,048 and above.
     */
    static final int SEQUENTIAL_SUM = 1024;

    /** An exact function of one float, in place on a row of values; each a loop of its own, as {@link Arithmetic}. */
    enum Unary {
        RELU {
            @Override
            void apply(float[] v) {
                for (int i = 0; i < v.length; i++) {
                    if (v[i] < 0f) {
                        v[i] = 0f;
                    }
                }
            }
        },
        NEGATE {
            @Override
            void apply(float[] v) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = -v[i];
                }
            }
        },
        ABS {
            @Override
            void apply(float[] v) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = Math.abs(v[i]);
                }
            }
        },
        SIGN {
            @Override
            void apply(float[] v) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = (0f < v[i] ? 1f : 0f) - (v[i] < 0f ? 1f : 0f);
                }
            }
        };

        abstract void apply(float[] values);
    }

    /**
     * An exact element-wise operation on two floats, applied along a row. Each operation has a loop of its own:
     * one loop calling the operation per element ran 3× slower (22 against 7 µs on 7,552 values), the call being
     * megamorphic.
     */
    enum Arithmetic {
        ADD {
            @Override
            void row(Operand a, int aRow, Operand b, int bRow, float[] out, int at, int width) {
                for (int c = 0; c < width; c++) {
                    out[at + c] = a.at(aRow, c) + b.at(bRow, c);
                }
            }
        },
        SUBTRACT {
            @Override
            void row(Operand a, int aRow, Operand b, int bRow, float[] out, int at, int width) {
                for (int c = 0; c < width; c++) {
                    out[at + c] = a.at(aRow, c) - b.at(bRow, c);
                }
            }
        },
        MULTIPLY {
            @Override
            void row(Operand a, int aRow, Operand b, int bRow, float[] out, int at, int width) {
                for (int c = 0; c < width; c++) {
                    out[at + c] = a.at(aRow, c) * b.at(bRow, c);
                }
            }
        },
        DIVIDE {
            @Override
            void row(Operand a, int aRow, Operand b, int bRow, float[] out, int at, int width) {
                for (int c = 0; c < width; c++) {
                    out[at + c] = a.at(aRow, c) / b.at(bRow, c);
                }
            }
        };

        /** {@code out[at + c] = a(aRow, c) ∘ b(bRow, c)} for {@code c < width}. */
        abstract void row(Operand a, int aRow, Operand b, int bRow, float[] out, int at, int width);

        /** The operation libnd4j names {@code op}, if it is one of these. */
        static Arithmetic named(String op) {
            return switch (op) {
                case "add" -> ADD;
                case "subtract" -> SUBTRACT;
                case "multiply" -> MULTIPLY;
                case "divide" -> DIVIDE;
                default -> null;
            };
        }
    }

    /**
     * An operand's values on the heap, read as rows of the result: a whole array of the result's shape, one
     * row repeated for every row, or one value repeated everywhere.
     */
    record Operand(float[] values, int rowStep, int columnStep) {

        float at(int row, int column) {
            return values[row * rowStep + column * columnStep];
        }

        /** {@code a} as rows {@code width} wide of a result of {@code shape}, or null if it broadcasts otherwise. */
        static Operand of(INDArray a, long[] shape, int width) {
            if (a.dataType() != DataType.FLOAT) {
                return null;
            }
            int rowStep;
            int columnStep;
            if (a.length() == 1) {
                rowStep = 0;
                columnStep = 0;
            } else if (Arrays.equals(a.shape(), shape)) {
                rowStep = width;
                columnStep = 1;
            } else if (a.length() == width && a.size(a.rank() - 1) == width) {
                rowStep = 0;
                columnStep = 1;
            } else {
                return null;
            }
            return new Operand(DenseArrays.floats(a), rowStep, columnStep);
        }
    }

    private SmallArrayLoops() {
    }

    /** Whether {@code a} is a float array small enough for these loops. */
    static boolean fits(INDArray a) {
        return a.dataType() == DataType.FLOAT && small(a.shape());
    }

    /** Whether a result of {@code shape} is small enough for these loops. */
    static boolean small(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n <= MAX_ELEMENTS;
    }

    /**
     * {@code a ∘ b} broadcast to {@code shape} (at most {@link #MAX_ELEMENTS} values), or null when an operand is
     * not float or broadcasts in a way other than a single value or a last-axis row.
     */
    static INDArray arithmetic(Arithmetic op, INDArray a, INDArray b, long[] shape) {
        int width = shape.length == 0 ? 1 : Math.toIntExact(shape[shape.length - 1]);
        Operand left = Operand.of(a, shape, width);
        Operand right = Operand.of(b, shape, width);
        if (left == null || right == null) {
            return null;
        }
        int rows = width == 0 ? 0 : DenseArrays.size(shape, 0, shape.length) / width;
        return DenseArrays.fromFloats(rows(op, left, right, rows, width), shape);
    }

    /**
     * {@code left ∘ right} on {@code rows} rows {@code width} wide: a method of its own, so that the JIT compiles this
     * loop apart from the ND4J calls around it (together, C2 took 0.2-0.7 s of a core for them in the first steps).
     */
    private static float[] rows(Arithmetic op, Operand left, Operand right, int rows, int width) {
        float[] out = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            op.row(left, r, right, r, out, r * width, width);
        }
        return out;
    }

    /**
     * The maximum along one axis of a float array of at most {@link #MAX_ELEMENTS} values, as libnd4j's {@code max}
     * reduction folds it: {@code m ← v > m ? v : m} from {@code −∞}, so an axis of −∞ gives −∞ and a NaN is passed
     * over, as libnd4j does.
     */
    static INDArray max(INDArray x, int axis, boolean keepDims) {
        long[] shape = x.shape();
        int outer = DenseArrays.size(shape, 0, axis);
        int length = Math.toIntExact(shape[axis]);
        int inner = DenseArrays.size(shape, axis + 1, shape.length);
        float[] values = DenseArrays.floats(x);
        float[] out = new float[outer * inner];
        Arrays.fill(out, Float.NEGATIVE_INFINITY);
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < length; j++) {
                int from = (o * length + j) * inner;
                for (int i = 0; i < inner; i++) {
                    float m = out[o * inner + i];
                    float v = values[from + i];
                    out[o * inner + i] = v > m ? v : m;
                }
            }
        }
        long[] reduced = keepDims ? shape.clone() : new long[shape.length - 1];
        if (keepDims) {
            reduced[axis] = 1;
        } else {
            System.arraycopy(shape, 0, reduced, 0, axis);
            System.arraycopy(shape, axis + 1, reduced, axis, shape.length - axis - 1);
        }
        return DenseArrays.fromFloats(out, reduced);
    }

    /** {@code op(x)} as libnd4j computes it, for a float array of at most {@link #MAX_ELEMENTS} values. */
    static INDArray unary(Unary op, INDArray x) {
        float[] values = DenseArrays.floats(x);
        op.apply(values);
        return DenseArrays.fromFloats(values, x.shape());
    }

    /**
     * The sum of all values of a float array of at most {@link #SEQUENTIAL_SUM} values, as libnd4j sums so few: a
     * scalar, or with {@code keepDims} an array of {@code x}'s rank with every axis 1.
     */
    static INDArray sum(INDArray x, boolean keepDims) {
        float sum = 0f;
        for (float v : DenseArrays.floats(x)) {
            sum += v;
        }
        long[] shape = new long[keepDims ? x.rank() : 0];
        Arrays.fill(shape, 1L);
        return DenseArrays.fromFloats(new float[] {sum}, shape);
    }

    /** An array of {@code shape} (at most {@link #MAX_ELEMENTS} values) holding {@code value} everywhere. */
    static INDArray filled(float value, long[] shape) {
        float[] values = new float[DenseArrays.size(shape, 0, shape.length)];
        Arrays.fill(values, value);
        return DenseArrays.fromFloats(values, shape);
    }
}
