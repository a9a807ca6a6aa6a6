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
import org.nd4j.linalg.factory.Nd4j;

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
 * With ReLU the output says so ({@link Nd4jTensor#ofReluOutput}): a kernel after it that gates the gradient it
 * returns (max pooling, {@link Nd4jMaxPool1d}) spares the backward its pass over {@code y}.
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

        private final INDArray x;
        private final INDArray kernel;
        private final boolean biased;
        private final boolean relu;
        private final int stride;
        private final int dilation;
        private final INDArray y;

        Forward(Conv1dLayer layer) {
            x = arrayOf(layer.input());
            kernel = arrayOf(layer.kernel());
            biased = layer.bias() != null;
            relu = layer.activation() == Activation.RELU;
            stride = layer.stride();
            dilation = layer.dilation();
            OneDnnConv1d conv = acquire();
            try {
                y = conv.forward(x, kernel, biased ? arrayOf(layer.bias()) : null);
            } finally {
                conv.release();
            }
        }

        @Override
        public Tensor output() {
            return relu ? Nd4jTensor.ofReluOutput(y) : new Nd4jTensor(y);
        }

        @Override
        public List<Tensor> backward(Tensor dOutput, boolean[] needed) {
            OneDnnConv1d conv = acquire();
            try {
                INDArray dz = relu && !Nd4jTensor.isGated(dOutput, y) ? conv.reluGradient(y, arrayOf(dOutput))
                        : arrayOf(dOutput);
                List<Tensor> grads = new ArrayList<>(3);
                grads.add(needed[0] ? new Nd4jTensor(conv.inputGradient(kernel, dz)) : null);
                INDArray dBias = biased ? Nd4j.createUninitialized(DataType.FLOAT, kernel.size(2)) : null;
                grads.add(new Nd4jTensor(conv.kernelGradient(x, dz, dBias)));
                if (biased) {
                    grads.add(new Nd4jTensor(dBias));
                }
                return grads;
            } finally {
                conv.release();
            }
        }

        private OneDnnConv1d acquire() {
            return OneDnnConv1d.acquire(x.shape(), kernel.shape(), stride, dilation, biased, relu);
        }
    }
}
