package dev.seqconv.api.layers;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;
import java.util.List;

/**
 * Average pooling over time, as Keras's {@code AveragePooling1D}:
 * <pre>y[b, t, c] = (1 / n_t) Σ_{i < poolSize, in range} x[b, t·strides + i − padBefore, c]</pre>
 * where {@code n_t} counts the window's entries inside the sequence: with {@link Padding#SAME}, padded steps
 * count neither in the sum nor in the divisor, as in TensorFlow.
 *
 * @param name     the layer's name, or {@code null} for an automatic one
 * @param poolSize the window length
 * @param strides  the step between windows (Keras's default: {@code poolSize})
 * @param padding  {@link Padding#VALID} or {@link Padding#SAME}
 */
public record AveragePooling1D(String name, int poolSize, int strides, Padding padding) implements Layer {

    public AveragePooling1D {
        LayerChecks.positive("AveragePooling1D", "poolSize", poolSize);
        LayerChecks.positive("AveragePooling1D", "strides", strides);
        LayerChecks.present("AveragePooling1D", "padding", padding);
        if (padding == Padding.CAUSAL) {
            throw new IllegalArgumentException("AveragePooling1D: padding CAUSAL exists only for Conv1D; use VALID or SAME");
        }
    }

    /** Keras's {@code AveragePooling1D(poolSize)}: strides equal to the pool size, no padding. */
    public static AveragePooling1D of(int poolSize) {
        return new AveragePooling1D(null, poolSize, poolSize, Padding.VALID);
    }

    @Override
    public LayerBuild build(Shape inputShape) {
        LayerChecks.sequence("AveragePooling1D", inputShape);
        int length = padding.outputLength(inputShape.dim(1), poolSize, strides);
        if (length <= 0) {
            throw new IllegalArgumentException("AveragePooling1D: a sequence of " + inputShape.dim(1) + " steps is "
                    + "shorter than the pool of " + poolSize + "; use a smaller poolSize, padding SAME, or longer "
                    + "sequences");
        }
        return LayerBuild.of(Shape.of(inputShape.dim(0), length, inputShape.dim(2)));
    }

    @Override
    public Tensor call(Ops ops, Tensor input, List<Tensor> weights, CallContext context) {
        int time = input.shape().dim(1);
        int[] pad = padding.amounts(time, poolSize, strides);
        Tensor pooled = ops.avgPool1d(ops.pad(input, 1, pad[0], pad[1], 0f), poolSize, strides);
        if (pad[0] == 0 && pad[1] == 0) {
            return pooled;
        }
        int outputs = pooled.shape().dim(1);
        float[] rescale = new float[outputs];
        for (int t = 0; t < outputs; t++) {
            int start = t * strides - pad[0];
            int inside = Math.min(start + poolSize, time) - Math.max(start, 0);
            rescale[t] = (float) poolSize / inside;
        }
        return ops.multiply(pooled, ops.constant(NdArray.ofFloats(Shape.of(outputs, 1), rescale)));
    }
}
