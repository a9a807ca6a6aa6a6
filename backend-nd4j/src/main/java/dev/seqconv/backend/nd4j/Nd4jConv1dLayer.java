package dev.seqconv.backend.nd4j;

import static dev.seqconv.backend.nd4j.Nd4jTensor.arrayOf;

import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.ops.Conv1dLayer;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.spi.Conv1dLayerKernel;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A whole Conv1D layer ({@link Conv1dLayer}) on oneDNN's primitives ({@link OneDnnConv1d}), for a linear or ReLU
 * activation. Forward, one convolution with the bias and ReLU fused (bias and post-op):
 * <pre>y[b, t, f] = max(0, Σ_{i&lt;k} Σ_c x[b, t·s + i·d, c] · kernel[i, c, f] + bias[f])</pre>
 * Backward, given {@code ∂y}, three primitives:
 * <pre>
 * ∂z[b, t, f]        = ∂y[b, t, f] where y[b, t, f] &gt; 0, else 0      (∂z = ∂y when linear, or when ∂y is gated)
 * ∂kernel[i, c, f]   = Σ_{b, t} x[b, t·s + i·d, c] · ∂z[b, t, f],   ∂bias[f] = Σ_{b, t} ∂z[b, t, f]   (one primitive)
 * ∂x[b, t·s + i·d, c] += Σ_f ∂z[b, t, f] · kernel[i, c, f]                                          (when needed)
 * </pre>
 * <p>With ReLU the output says so ({@link Nd4jTensor#ofReluOutput}): a kernel after it that gates the gradient it
 * returns (max pooling, {@link Nd4jMaxPool1d}) spares the backward its pass over {@code y}.
 * <p>Over an embedding's output, {@code x = table[ids]} ({@link Nd4jTensor.GatheredRows}) with no more table rows
 * than ids, the layer folds the lookup into the table instead (the same sums, grouped by row), and {@code x} is
 * never computed for it:
 * <pre>
 * P[r, i, f]       = Σ_c table[r, c] · kernel[i, c, f]                             (one product table·K'')
 * y[b, t, f]       = max(0, Σ_i P[ids[b, t·s + i·d], i, f] + bias[f])              ({@link LoopKernels#tapGather})
 * G[r, i, f]       = Σ_{b, t : ids[b, t·s + i·d] = r} ∂z[b, t, f]                 ({@link LoopKernels#tapSums})
 * ∂kernel[i, c, f] = Σ_r table[r, c] · G[r, i, f]                                  (one product tableᵀ·G)
 * ∂table[r, c]     = Σ_{b, p : ids[b, p] = r} ∂x[b, p, c] = Σ_{i, f} G[r, i, f] · kernel[i, c, f]   (G·K')
 * ∂bias[f]         = Σ_{b, t} ∂z[b, t, f]
 * </pre>
 * and {@code ∂x} itself is computed only if something other than the embedding's gradient uses it
 * ({@link DeferredInputGradient}). At the IMDB net's first layer (10,000 rows, B·T = 64,000 ids) the three
 * products are 0.57 GFLOP each where the three convolutions were 3.6 each, and neither the 32 MB {@code x} nor
 * {@code ∂x} is written.
 * Composed, the same layer was the convolution, libnd4j's broadcast {@code add} and {@code relu} forward, and
 * {@code greater}, {@code multiply}, a leading-axis sum and a reshape backward: each a pass over the activations
 * and ~25 µs of fixed cost or more.
 */
final class Nd4jConv1dLayer implements Conv1dLayerKernel {

    @Override
    public boolean supports(Conv1dLayer layer) {
        return layer.activation() == Activation.LINEAR || layer.activation() == Activation.RELU;
    }

    @Override
    public Run forward(Conv1dLayer layer) {
        return new Forward(layer);
    }

    private static final class Forward implements Run {

        /** The input, unless the layer folds into the lookup that made it (then it is not computed for the layer). */
        private final INDArray x;
        private final long[] xShape;
        /** The embedding lookup that made the input, where the layer folds into its table; else null. */
        private final Nd4jTensor.GatheredRows gathered;
        private final INDArray kernel;
        private final boolean biased;
        private final boolean relu;
        private final int stride;
        private final int dilation;
        private final INDArray y;

        Forward(Conv1dLayer layer) {
            gathered = layer.input() instanceof Nd4jTensor.GatheredRows rows && rows.fewerRowsThanIds() ? rows : null;
            x = gathered == null ? arrayOf(layer.input()) : null;
            xShape = DenseArrays.longs(layer.input().shape());
            kernel = arrayOf(layer.kernel());
            biased = layer.bias() != null;
            relu = layer.activation() == Activation.RELU;
            stride = layer.stride();
            dilation = layer.dilation();
            INDArray bias = biased ? arrayOf(layer.bias()) : null;
            if (gathered != null) {
                y = LoopKernels.tapGather(projectedTable(), gathered.ids(), Math.toIntExact(kernel.size(0)), stride,
                        dilation, outputTime(), bias, relu);
                return;
            }
            OneDnnConv1d conv = acquire();
            try {
                y = conv.forward(x, kernel, bias);
            } finally {
                conv.release();
            }
        }

        /**
         * {@code P = table · K''} with {@code K''[c, (k−1−i)·F + f] = kernel[i, c, f]}: every row's product with each
         * tap, the taps in reverse order ({@link LoopKernels#tapGather}).
         */
        private INDArray projectedTable() {
            int taps = Math.toIntExact(kernel.size(0));
            int channels = Math.toIntExact(kernel.size(1));
            int filters = Math.toIntExact(kernel.size(2));
            float[] k = DenseArrays.floats(kernel);
            float[] byChannel = new float[k.length];
            for (int i = 0; i < taps; i++) {
                for (int c = 0; c < channels; c++) {
                    System.arraycopy(k, (i * channels + c) * filters, byChannel, (c * taps + taps - 1 - i) * filters,
                            filters);
                }
            }
            return Sgemm.matmul(gathered.table(), DenseArrays.fromFloats(byChannel, channels, taps * filters), false,
                    false);
        }

        private int outputTime() {
            return Math.toIntExact((xShape[1] - (long) dilation * (kernel.size(0) - 1) - 1) / stride + 1);
        }

        @Override
        public Tensor output() {
            return relu ? Nd4jTensor.ofReluOutput(y) : new Nd4jTensor(y);
        }

        @Override
        public List<Tensor> backward(Tensor dOutput, boolean[] needed) {
            INDArray dz;
            List<Tensor> grads = new ArrayList<>(3);
            OneDnnConv1d conv = acquire();
            try {
                dz = relu && !Nd4jTensor.isGated(dOutput, y) ? conv.reluGradient(y, arrayOf(dOutput)) : arrayOf(dOutput);
                if (gathered == null) {
                    grads.add(needed[0] ? new Nd4jTensor(conv.inputGradient(kernel, dz)) : null);
                    INDArray dBias = biased ? CallArrays.uninitialized(DataType.FLOAT, kernel.size(2)) : null;
                    grads.add(new Nd4jTensor(conv.kernelGradient(x, dz, dBias)));
                    if (biased) {
                        grads.add(new Nd4jTensor(dBias));
                    }
                    return grads;
                }
            } finally {
                conv.release();
            }
            INDArray sums = LoopKernels.tapSums(dz, gathered.ids(), Math.toIntExact(gathered.table().size(0)),
                    Math.toIntExact(kernel.size(0)), stride, dilation);
            grads.add(needed[0] ? new DeferredInputGradient(this, dz, sums) : null);
            grads.add(new Nd4jTensor(kernelGradient(sums)));
            if (biased) {
                grads.add(new Nd4jTensor(Sgemm.sumLeading(dz, 2, false)));
            }
            return grads;
        }

        /** {@code ∂kernel[i, c, f] = M[c, (k−1−i)·F + f]} with {@code M = tableᵀ·G}. */
        private INDArray kernelGradient(INDArray sums) {
            int taps = Math.toIntExact(kernel.size(0));
            int channels = Math.toIntExact(kernel.size(1));
            int filters = Math.toIntExact(kernel.size(2));
            float[] m = DenseArrays.floats(Sgemm.matmul(gathered.table(), sums, true, false));
            float[] dKernel = new float[m.length];
            for (int i = 0; i < taps; i++) {
                for (int c = 0; c < channels; c++) {
                    System.arraycopy(m, c * taps * filters + (taps - 1 - i) * filters, dKernel,
                            (i * channels + c) * filters, filters);
                }
            }
            return DenseArrays.fromFloats(dKernel, taps, channels, filters);
        }

        /** {@code ∂table = G·K'} with {@code K'[(k−1−i)·F + f, c] = kernel[i, c, f]}. */
        private INDArray tableGradient(INDArray sums) {
            int taps = Math.toIntExact(kernel.size(0));
            int channels = Math.toIntExact(kernel.size(1));
            int filters = Math.toIntExact(kernel.size(2));
            float[] k = DenseArrays.floats(kernel);
            float[] stacked = new float[k.length];
            for (int i = 0; i < taps; i++) {
                for (int c = 0; c < channels; c++) {
                    for (int f = 0; f < filters; f++) {
                        stacked[((taps - 1 - i) * filters + f) * channels + c] = k[(i * channels + c) * filters + f];
                    }
                }
            }
            return Sgemm.matmul(sums, DenseArrays.fromFloats(stacked, taps * filters, channels), false, false);
        }

        private OneDnnConv1d acquire() {
            return OneDnnConv1d.acquire(xShape, kernel.shape(), stride, dilation, biased, relu);
        }

        private INDArray inputGradient(INDArray dz) {
            OneDnnConv1d conv = acquire();
            try {
                return conv.inputGradient(kernel, dz);
            } finally {
                conv.release();
            }
        }
    }

    /**
     * The input gradient {@code ∂x} of a layer over gathered rows, computed by the backward-data primitive only if
     * used as an array: the embedding's gradient takes the table's gradient from it instead
     * ({@link #tableGradient}).
     */
    static final class DeferredInputGradient extends Nd4jTensor {

        private final Forward layer;
        private final INDArray sums;

        private DeferredInputGradient(Forward layer, INDArray dz, INDArray sums) {
            super(() -> layer.inputGradient(dz), Nd4jTensor.shapeOf(layer.xShape));
            this.layer = layer;
            this.sums = sums;
        }

        /**
         * Whether {@link #tableGradient} answers {@code scatterAddRows(this, ids, rows)}: {@code ids} are the
         * lookup's own and {@code rows} its table's, and {@code ∂x} was not computed meanwhile (then summing it is
         * the cheaper way).
         */
        boolean foldsInto(Tensor ids, int rows) {
            return !computed() && arrayOf(ids) == layer.gathered.ids() && rows == layer.gathered.table().size(0);
        }

        /** {@code ∂table (rows, C)}: {@code Σ_{b, p : ids[b, p] = r} ∂x[b, p, :]}. */
        INDArray tableGradient() {
            return layer.tableGradient(sums);
        }
    }
}
