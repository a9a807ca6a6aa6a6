package dev.seqconv.backend.nd4j;

import dev.seqconv.backend.nd4j.Sgemm.Band;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Conv1D forward and backward as one GEMM per kernel tap over the whole batch, instead of libnd4j's
 * {@code conv1d} (2-10× slower at the chapter's sizes, see docs/engines.md). The batch is read as one long
 * sequence {@code X (B·T, C)}; tap {@code i} of the kernel, {@code Wᵢ = kernel[i] (C, F)}, reads the rows
 * {@code i·d} further on. With {@code R = B·T − (k−1)·d}:
 * <pre>
 * Yfull[0 : R] = Σᵢ X[i·d : i·d + R] · Wᵢ
 * y[b, t]      = Yfull[b·T + t·s]
 * </pre>
 * Rows of {@code Yfull} that mix two samples are exactly the rows no output selects. Backward, with
 * {@code dYfull} holding {@code dy} at the selected rows and zero elsewhere:
 * <pre>
 * dX[i·d : i·d + R] += dYfull[0 : R] · Wᵢᵀ
 * dWᵢ                = X[i·d : i·d + R]ᵀ · dYfull[0 : R]
 * </pre>
 * Each product reads its rows in place ({@link Sgemm}), so nothing is copied but the output. With a stride
 * {@code s > 1} the products cover {@code s} times the rows the output needs, in exchange for whole-batch GEMMs.
 */
final class Conv1dGemm {

    private final int batch;
    private final int time;
    private final int channels;
    private final int size;
    private final int filters;
    private final int stride;
    private final int dilation;
    private final int outputTime;
    /** {@code R}: the rows of {@code Yfull} every tap can read without running off the batch. */
    private final int spanRows;

    Conv1dGemm(long[] xShape, long[] kernelShape, int stride, int dilation) {
        this.batch = Math.toIntExact(xShape[0]);
        this.time = Math.toIntExact(xShape[1]);
        this.channels = Math.toIntExact(xShape[2]);
        this.size = Math.toIntExact(kernelShape[0]);
        this.filters = Math.toIntExact(kernelShape[2]);
        this.stride = stride;
        this.dilation = dilation;
        if (kernelShape[1] != channels) {
            throw new IllegalArgumentException("conv1d: input has " + channels + " channels, kernel expects "
                    + kernelShape[1]);
        }
        this.outputTime = (time - dilation * (size - 1) - 1) / stride + 1;
        if (outputTime <= 0) {
            throw new IllegalArgumentException("conv1d: " + time + " steps are too few for kernel size " + size
                    + " and dilation " + dilation);
        }
        this.spanRows = Math.toIntExact((long) batch * time - (long) (size - 1) * dilation);
    }

    INDArray forward(INDArray x, INDArray kernel) {
        INDArray xs = Nd4jTensor.contiguous(x);
        INDArray w = Nd4jTensor.contiguous(kernel);
        INDArray full = Nd4j.createUninitialized(DataType.FLOAT, batch, time, filters);
        for (int i = 0; i < size; i++) {
            Sgemm.sgemm(spanRows, filters, channels, inputRows(xs, i), false, tap(w, i), false, i == 0 ? 0f : 1f,
                    new Band(full, 0, filters));
        }
        return full.get(outputRows()).dup('c');
    }

    /** {@code dYfull (B, T, F)}: {@code dy} at the rows the output selected, zero elsewhere. */
    INDArray spread(INDArray dy) {
        INDArray full = Nd4j.zeros(DataType.FLOAT, batch, time, filters);
        full.get(outputRows()).assign(dy);
        return full;
    }

    INDArray inputGradient(INDArray kernel, INDArray dFull) {
        INDArray w = Nd4jTensor.contiguous(kernel);
        INDArray dx = Nd4j.zeros(DataType.FLOAT, batch, time, channels);
        for (int i = 0; i < size; i++) {
            Sgemm.sgemm(spanRows, channels, filters, new Band(dFull, 0, filters), false, tap(w, i), true, 1f,
                    inputRows(dx, i));
        }
        return dx;
    }

    INDArray kernelGradient(INDArray x, INDArray dFull) {
        INDArray xs = Nd4jTensor.contiguous(x);
        INDArray dw = Nd4j.createUninitialized(DataType.FLOAT, size, channels, filters);
        for (int i = 0; i < size; i++) {
            Sgemm.sgemm(channels, filters, spanRows, inputRows(xs, i), true, new Band(dFull, 0, filters), false,
                    0f, tap(dw, i));
        }
        return dw;
    }

    /** The rows of {@code (B, T, C)} that tap {@code i} reads, as a {@code (B·T, C)} band. */
    private Band inputRows(INDArray x, int i) {
        return new Band(x, (long) i * dilation, channels);
    }

    /** {@code Wᵢ}: tap {@code i} of a {@code (k, C, F)} kernel, as a {@code (C, F)} band. */
    private Band tap(INDArray kernel, int i) {
        return new Band(kernel, (long) i * channels, filters);
    }

    /** The view of {@code Yfull (B, T, F)} that holds the output: steps {@code 0, s, 2s, …}. */
    private INDArrayIndex[] outputRows() {
        long end = (long) (outputTime - 1) * stride + 1;
        INDArrayIndex steps = stride == 1 ? NDArrayIndex.interval(0, end) : NDArrayIndex.interval(0, stride, end);
        return new INDArrayIndex[] {NDArrayIndex.all(), steps, NDArrayIndex.all()};
    }
}
