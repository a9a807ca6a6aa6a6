package dev.seqconv.backend.tensorflow;

import static dev.seqconv.backend.tensorflow.TfTensor.operandOf;

import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.spi.MaxPool1dInferenceKernel;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * MaxPooling1D in prediction as seqconv's own operation ({@code SeqconvMaxPool1d}, {@code src/main/c/max_pool1d.c}),
 * on the calling thread:
 * <pre>y[b, t, c] = max_{i &lt; p} x[b, t·s + i, c]</pre>
 * TensorFlow's own pooling (oneDNN) hands each call to the intra-op pool, whose threads sleep between requests: for a
 * lone request, waking them cost more than the pooling (~0.1 ms against a few µs). The work is one pass over the
 * input, so larger calls stay on the calling thread too. The operation cannot state its output's shape (its steps
 * depend on attributes), so an {@code EnsureShape} states it.
 */
final class TfMaxPool1dInference implements MaxPool1dInferenceKernel {

    private final Ops tf;

    TfMaxPool1dInference(Ops tf) {
        this.tf = tf;
    }

    @Override
    public Tensor maxPool1d(Tensor x, int poolSize, int stride) {
        Shape input = x.shape();
        long steps = input.dim(1) == Shape.UNKNOWN ? Shape.UNKNOWN : (input.dim(1) - poolSize) / stride + 1;
        Operand<TFloat32> pooled = tf.scope().opBuilder(TfNativeOps.MAX_POOL1D, TfNativeOps.MAX_POOL1D)
                .addInput(operandOf(x).asOutput())
                .setAttr("pool_size", poolSize)
                .setAttr("stride", stride)
                .build().output(0);
        return new TfTensor(tf.ensureShape(pooled,
                org.tensorflow.ndarray.Shape.of(input.dim(0), steps, input.dim(2))));
    }
}
