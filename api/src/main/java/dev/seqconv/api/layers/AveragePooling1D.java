package dev.seqconv.api.layers;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;

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
        Pooling.checkWindow("AveragePooling1D", poolSize, strides, padding);
    }

    /** Keras's {@code AveragePooling1D(poolSize)}: strides equal to the pool size, no padding. */
    public static AveragePooling1D of(int poolSize) {
        return new AveragePooling1D(null, poolSize, poolSize, Padding.VALID);
    }

    @Override
    public AveragePooling1D withName(String name) {
        return new AveragePooling1D(name, poolSize, strides, padding);
    }

    public AveragePooling1D withStrides(int strides) {
        return new AveragePooling1D(name, poolSize, strides, padding);
    }

    public AveragePooling1D withPadding(Padding padding) {
        return new AveragePooling1D(name, poolSize, strides, padding);
    }

    @Override
    public LayerBuild build(Shape inputShape) {
        return Pooling.window("AveragePooling1D", inputShape, poolSize, strides, padding);
    }

    @Override
    public Tensor call(Ops ops, Tensor input, Weights weights, CallContext context) {
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
