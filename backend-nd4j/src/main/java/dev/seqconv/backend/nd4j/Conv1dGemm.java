package dev.seqconv.backend.nd4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Conv1D forward and backward as one large GEMM each, instead of libnd4j's {@code conv1d} (2-10× slower at the
 * chapter's sizes, see docs/engines.md). With the kernel laid out as {@code W (channels, k·filters)},
 * {@code W[c, i·F + f] = kernel[i, c, f]}:
 * <pre>
 * Z = X · W                          X = x as (batch·time, channels), Z as (batch, time, k·F)
 * y[b, t, :] = Σ_i Z[b, t·s + i·d, i·F : (i+1)·F]
 * </pre>
 * and backward, with {@code dZ} holding {@code dy} at those same positions and zero elsewhere:
 * {@code dX = dZ · Wᵀ}, {@code dW = Xᵀ · dZ}. The products cover every time step, a few more than the
 * output needs, in exchange for one call to BLAS each.
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
    }

    INDArray forward(INDArray x, INDArray kernel) {
        INDArray z = Nd4j.createUninitialized(DataType.FLOAT, (long) batch * time, (long) size * filters);
        Nd4j.gemm(rows(x), wide(kernel), z, false, false, 1.0, 0.0);
        INDArray z3 = z.reshape(batch, time, (long) size * filters);
        INDArray y = z3.get(tap(0)).dup('c');
        for (int i = 1; i < size; i++) {
            y.addi(z3.get(tap(i)));
        }
        return y;
    }

    INDArray inputGradient(INDArray kernel, INDArray dz) {
        INDArray dx = Nd4j.createUninitialized(DataType.FLOAT, (long) batch * time, channels);
        Nd4j.gemm(dz, wide(kernel), dx, false, true, 1.0, 0.0);
        return dx.reshape(batch, time, channels);
    }

    INDArray kernelGradient(INDArray x, INDArray dz) {
        INDArray dw = Nd4j.createUninitialized(DataType.FLOAT, channels, (long) size * filters);
        Nd4j.gemm(rows(x), dz, dw, true, false, 1.0, 0.0);
        return dw.reshape(channels, size, filters).permute(1, 0, 2).dup('c');
    }

    /** {@code dZ (batch·time, k·F)}: {@code dy} scattered back to the positions each tap read. */
    INDArray spread(INDArray dy) {
        INDArray dz = Nd4j.zeros(DataType.FLOAT, batch, time, (long) size * filters);
        for (int i = 0; i < size; i++) {
            dz.get(tap(i)).assign(dy);
        }
        return dz.reshape((long) batch * time, (long) size * filters);
    }

    /** The view of {@code Z (batch, time, k·F)} that tap {@code i} contributes to the output. */
    private INDArrayIndex[] tap(int i) {
        long first = (long) i * dilation;
        long end = first + (long) (outputTime - 1) * stride + 1;
        INDArrayIndex steps = stride == 1 ? NDArrayIndex.interval(first, end) : NDArrayIndex.interval(first, stride, end);
        return new INDArrayIndex[] {NDArrayIndex.all(), steps, NDArrayIndex.interval((long) i * filters, (long) (i + 1) * filters)};
    }

    private INDArray rows(INDArray x) {
        return Nd4jTensor.contiguous(x).reshape((long) batch * time, channels);
    }

    private INDArray wide(INDArray kernel) {
        return kernel.permute(1, 0, 2).dup('c').reshape(channels, (long) size * filters);
    }
}
