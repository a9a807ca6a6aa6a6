package dev.seqconv.backend.tensorflow;

import static dev.seqconv.backend.tensorflow.TfTensor.operandOf;

import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Conv1dLayer;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.spi.Conv1dInferenceKernel;
import dev.seqconv.api.spi.Conv1dLayerKernel;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.SwitchCond;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The Conv1D layer in prediction: small calls as seqconv's own operation ({@code SeqconvConv1d}, {@code
 * src/main/c/conv1d.c}), which computes
 * <pre>y[b, t, f] = a( (Σ_{i&lt;k} Σ_c x[b, t + i, c] · kernel[i, c, f]) + bias[f] )</pre>
 * on the calling thread, larger ones as TensorFlow's fused convolution ({@code pooled}), whose oneDNN primitive
 * shares the work with the intra-op pool. A lone request's convolution (the Jena networks': ~1 MFLOP) costs less than
 * that hand-off; a batch's is faster on both cores. The choice is made each call, by the input's size: {@code Switch}
 * sends the input to one branch and {@code Merge} takes its result (the other branch does not run). For stride 1 and
 * no dilation (Keras's defaults), a static number of steps and channels, and the element-wise activations.
 */
final class TfConv1dInference implements Conv1dInferenceKernel {

    /**
     * The most floating-point operations ({@code 2·batch·steps·k·channels·filters}) a call runs on the calling thread:
     * below where the operation's time (~40 GFLOP/s on one core) meets TensorFlow's with its hand-off, measured at
     * 4.5-6.3 MFLOP on the Jena networks' two convolutions (docs/engines.md).
     */
    static final long INLINE_FLOPS = 4_000_000;

    private final Ops tf;
    private final Conv1dLayerKernel pooled;

    TfConv1dInference(Ops tf, Conv1dLayerKernel pooled) {
        this.tf = tf;
        this.pooled = pooled;
    }

    @Override
    public boolean supports(Conv1dLayer layer) {
        Shape input = layer.input().shape();
        return layer.stride() == 1 && layer.dilation() == 1 && input.dim(1) != Shape.UNKNOWN
                && input.dim(2) != Shape.UNKNOWN && TfNativeOps.activation(layer.activation()) >= 0
                && pooled.supports(layer) && inlineBatch(layer) >= 1;
    }

    @Override
    public Tensor output(Conv1dLayer layer) {
        Operand<TFloat32> x = operandOf(layer.input());
        Shape input = layer.input().shape();
        long inlineSize = inlineBatch(layer) * input.dim(1) * input.dim(2);
        SwitchCond<TFloat32> branches = tf.switchCond(x,
                tf.math.lessEqual(tf.size(x, TInt64.class), tf.constant(inlineSize)));
        Operand<TFloat32> bias = layer.bias() != null ? operandOf(layer.bias())
                : tf.constant(new float[layer.kernel().shape().dim(2)]);
        Operand<TFloat32> inline = tf.scope().opBuilder(TfNativeOps.CONV1D, TfNativeOps.CONV1D)
                .addInput(branches.outputTrue().asOutput())
                .addInput(operandOf(layer.kernel()).asOutput())
                .addInput(bias.asOutput())
                .setAttr("activation", TfNativeOps.activation(layer.activation()))
                .build().output(0);
        Tensor large = pooled.forward(new Conv1dLayer(new TfTensor(branches.outputFalse()), layer.kernel(),
                layer.bias(), 1, 1, layer.activation())).output();
        return new TfTensor(tf.merge(List.of(inline, operandOf(large))).output());
    }

    /** The largest batch a call of {@code layer} runs on the calling thread; 0 where one sample is already more. */
    private static long inlineBatch(Conv1dLayer layer) {
        Shape kernel = layer.kernel().shape();
        long steps = layer.input().shape().dim(1) - kernel.dim(0) + 1;
        long perSample = 2L * steps * kernel.dim(0) * kernel.dim(1) * kernel.dim(2);
        return steps < 1 ? 0 : INLINE_FLOPS / perSample;
    }
}
