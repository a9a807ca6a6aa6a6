package dev.seqconv.backend.nd4j;

import static org.bytedeco.dnnl.global.dnnl.dnnl_sgemm;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Row-major single-precision GEMM through oneDNN's {@code dnnl_sgemm}: on bands of rows inside dense row-major
 * ND4J arrays, where one call reads or writes rows {@code first … first + m} of a larger array in place (ND4J's
 * own {@code gemm} needs a view and, for a tall result, a layout copy); and on heap arrays, without the ~25 µs an
 * ND4J operation costs. oneDNN rather than the OpenBLAS 0.3.19 libnd4j links: on the Conv1D products here
 * (one side 32 wide) oneDNN's AVX-512 kernels run 2.7-3.3× faster (docs/engines.md).
 */
final class Sgemm {

    private Sgemm() {
    }

    /**
     * The rows of a dense row-major float array read as a matrix of {@code width} columns, from row
     * {@code first} on.
     */
    record Band(INDArray array, long first, int width) {

        Band {
            if (array.dataType() != DataType.FLOAT || array.ordering() != 'c' || array.isView()) {
                throw new IllegalArgumentException("GEMM bands need a dense row-major float array, got "
                        + array.shapeInfoToString());
            }
        }

        /** A pointer to the band's first element, after checking that {@code rows} rows fit in the array. */
        FloatPointer pointer(long rows) {
            if ((first + rows) * width > array.length()) {
                throw new IllegalStateException("A band of " + rows + " rows from row " + first + " overruns "
                        + array.shapeInfoToString());
            }
            return new FloatPointer(array.data().addressPointer()).position(first * width);
        }
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
        check(dnnl_sgemm(op(transposeA), op(transposeB), m, n, k, 1f, a.pointer(transposeA ? k : m), a.width(),
                b.pointer(transposeB ? n : k), b.width(), beta, c.pointer(m), c.width()));
    }

    /**
     * {@code c ← op(a)·op(b) + beta·c} on dense row-major heap arrays (JavaCPP copies them across; meant for the
     * small products of a recurrence).
     */
    static void sgemm(int m, int n, int k, float[] a, boolean transposeA, float[] b, boolean transposeB, float beta,
                      float[] c) {
        if (a.length != m * k || b.length != k * n || c.length != m * n) {
            throw new IllegalArgumentException("sgemm: arrays of " + a.length + ", " + b.length + ", " + c.length
                    + " floats do not multiply as " + m + "×" + k + " · " + k + "×" + n);
        }
        check(dnnl_sgemm(op(transposeA), op(transposeB), m, n, k, 1f, a, transposeA ? m : k, b,
                transposeB ? k : n, beta, c, n));
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
