package dev.seqconv.backend.nd4j;

import static org.bytedeco.dnnl.global.dnnl.dnnl_sgemm;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;

import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Row-major single-precision GEMM through oneDNN's {@code dnnl_sgemm}, and the kernels made of it (matrix products,
 * sums over leading axes): on dense row-major ND4J arrays in place (ND4J's own {@code gemm} needs a view and, for a
 * tall result, a layout copy); and on heap arrays, without the ~25 µs an ND4J operation costs. oneDNN rather than the OpenBLAS 0.3.19 libnd4j links: on the Conv1D products here
 * (one side 32 wide) oneDNN's AVX-512 kernels run 2.7-3.3× faster (docs/engines.md).
 */
final class Sgemm {

    /** Each thread's native copy of the operands of a product of heap arrays. */
    private static final ThreadScratchpad HEAP_OPERANDS = new ThreadScratchpad();

    private Sgemm() {
    }

    /** A dense row-major float array read as a matrix of {@code width} columns. */
    record Band(INDArray array, int width) {

        Band {
            if (array.dataType() != DataType.FLOAT || array.ordering() != 'c' || array.isView()) {
                throw new IllegalArgumentException("GEMM bands need a dense row-major float array, got "
                        + array.shapeInfoToString());
            }
        }

        /** A pointer to the band's first element, after checking that {@code rows} rows fit in the array. */
        FloatPointer pointer(long rows) {
            if (rows * width > array.length()) {
                throw new IllegalStateException("A band of " + rows + " rows overruns " + array.shapeInfoToString());
            }
            return new FloatPointer(array.data().addressPointer());
        }
    }

    /**
     * The product {@code op(a)·op(b)} of two rank-2 float arrays, {@code op} transposing when asked: a new array (the
     * call's, {@link CallArrays}).
     */
    static INDArray matmul(INDArray a, INDArray b, boolean transposeA, boolean transposeB) {
        INDArray left = DenseArrays.contiguous(a);
        INDArray right = DenseArrays.contiguous(b);
        long rows = transposeA ? left.size(1) : left.size(0);
        long columns = transposeB ? right.size(0) : right.size(1);
        long inner = transposeA ? left.size(0) : left.size(1);
        long innerRight = transposeB ? right.size(1) : right.size(0);
        if (inner != innerRight) {
            throw new IllegalArgumentException("matmul: inner dimensions differ, " + Arrays.toString(left.shape())
                    + (transposeA ? "ᵀ" : "") + " · " + Arrays.toString(right.shape()) + (transposeB ? "ᵀ" : ""));
        }
        if (inner == 0) {
            return Nd4j.zeros(DataType.FLOAT, rows, columns);
        }
        INDArray out = CallArrays.uninitialized(DataType.FLOAT, rows, columns);
        sgemm(Math.toIntExact(rows), Math.toIntExact(columns), Math.toIntExact(inner),
                new Band(left, Math.toIntExact(left.size(1))), transposeA,
                new Band(right, Math.toIntExact(right.size(1))), transposeB, 0f,
                new Band(out, Math.toIntExact(columns)));
        return out;
    }

    /**
     * The sum of a float array over its first {@code count} axes (a bias's gradient, over batch and time) as one
     * product {@code 1ᵀ·X}, {@code X} being the array seen as {@code (rows, columns)}: on {@code (128, 236, 32)}
     * libnd4j's reduction takes ~0.7 ms, the product ~0.15.
     */
    static INDArray sumLeading(INDArray a, int count, boolean keepDims) {
        INDArray dense = DenseArrays.contiguous(a);
        long[] shape = dense.shape();
        int rows = DenseArrays.size(shape, 0, count);
        int columns = DenseArrays.size(shape, count, shape.length);
        long[] outShape = Arrays.copyOfRange(shape, keepDims ? 0 : count, shape.length);
        Arrays.fill(outShape, 0, keepDims ? count : 0, 1L);
        INDArray out = CallArrays.uninitialized(DataType.FLOAT, outShape);
        if (rows == 0 || columns == 0) {
            return out.assign(0);
        }
        sgemm(1, columns, rows, new Band(ones(rows), rows), false, new Band(dense, columns), false, 0f,
                new Band(out, columns));
        return out;
    }

    /** Each thread's row of ones for {@link #sumLeading}, outside the workspaces, grown to the longest asked for. */
    private static final ThreadLocal<INDArray> ONES = new ThreadLocal<>();

    /** The calling thread's row of at least {@code length} ones (one made per call cost an allocation and a fill). */
    private static INDArray ones(int length) {
        INDArray ones = ONES.get();
        if (ones == null || ones.length() < length) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                ones = Nd4j.ones(DataType.FLOAT, Math.max(length, ones == null ? 0 : 2 * ones.length()));
            }
            ONES.set(ones);
        }
        return ones;
    }

    /**
     * {@code c ← op(a)·op(b) + beta·c}, with {@code op(a)} of {@code m × k} and {@code op(b)} of {@code k × n};
     * {@code op} transposes the stored band when asked.
     */
    static void sgemm(int m, int n, int k, Band a, boolean transposeA, Band b, boolean transposeB, float beta,
                      Band c) {
        if (c.width() != n || a.width() != (transposeA ? m : k) || b.width() != (transposeB ? k : n)) {
            throw new IllegalArgumentException("sgemm: bands of widths " + a.width() + ", " + b.width() + ", "
                    + c.width() + " do not multiply as " + m + "×" + k + " · " + k + "×" + n);
        }
        check(KernelThreads.sized((long) m * n * k, () -> dnnl_sgemm(op(transposeA), op(transposeB), m, n, k, 1f,
                a.pointer(transposeA ? k : m), a.width(), b.pointer(transposeB ? n : k), b.width(), beta, c.pointer(m),
                c.width())));
    }

    /**
     * {@code c ← op(a)·op(b) + beta·c} on dense row-major heap arrays, meant for the small products of a
     * recurrence: the three are copied into the calling thread's {@link #HEAP_OPERANDS} and {@code c} back. Handed the
     * heap arrays, JavaCPP allocates a native copy of each and copies all three back after the call: 3.6-3.8 µs for
     * 64×32·32×32 against 1.5-2.3 µs this way (one thread, 20,000 calls, 2026-12-06); the same product, bit for bit.
     */
    static void sgemm(int m, int n, int k, float[] a, boolean transposeA, float[] b, boolean transposeB, float beta,
                      float[] c) {
        if (a.length != m * k || b.length != k * n || c.length != m * n) {
            throw new IllegalArgumentException("sgemm: arrays of " + a.length + ", " + b.length + ", " + c.length
                    + " floats do not multiply as " + m + "×" + k + " · " + k + "×" + n);
        }
        Pointer operands = HEAP_OPERANDS.atLeast((long) Float.BYTES * (a.length + b.length + c.length));
        FloatPointer pa = new FloatPointer(operands).put(a, 0, a.length);
        FloatPointer pb = new FloatPointer(operands).position(a.length).put(b, 0, b.length);
        FloatPointer pc = new FloatPointer(operands).position(a.length + b.length);
        if (beta != 0f) {
            pc.put(c, 0, c.length);
        }
        check(KernelThreads.sized((long) m * n * k, () -> dnnl_sgemm(op(transposeA), op(transposeB), m, n, k, 1f, pa,
                transposeA ? m : k, pb, transposeB ? k : n, beta, pc, n)));
        pc.get(c, 0, c.length);
    }

    private static byte op(boolean transpose) {
        return (byte) (transpose ? 'T' : 'N');
    }

    private static void check(int status) {
        if (status != dnnl_success) {
            throw new IllegalStateException("oneDNN sgemm failed with status " + status);
        }
    }
}
