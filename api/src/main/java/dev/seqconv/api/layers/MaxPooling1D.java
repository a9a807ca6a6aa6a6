package dev.seqconv.api.layers;

import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;

/**
 * Max pooling over time, as Keras's {@code MaxPooling1D}. With the input padded as {@link Padding} says
 * (padded steps never win):
 * <pre>y[b, t, c] = max_{i < poolSize} x[b, t·strides + i, c]</pre>
 * Input {@code (batch, time, features)}, output {@code (batch, time', features)}. The gradient of each window
 * goes to its first maximum.
 *
 * @param name     the layer's name, or {@code null} for an automatic one
 * @param poolSize the window length
 * @param strides  the step between windows (Keras's default: {@code poolSize})
 * @param padding  {@link Padding#VALID} or {@link Padding#SAME}
 */
public record MaxPooling1D(String name, int poolSize, int strides, Padding padding) implements Layer {

    public MaxPooling1D {
        Pooling.checkWindow("MaxPooling1D", poolSize, strides, padding);
    }

    /** Keras's {@code MaxPooling1D(poolSize)}: strides equal to the pool size, no padding. */
    public static MaxPooling1D of(int poolSize) {
        return new MaxPooling1D(null, poolSize, poolSize, Padding.VALID);
    }

    @Override
    public MaxPooling1D withName(String name) {
        return new MaxPooling1D(name, poolSize, strides, padding);
    }

    public MaxPooling1D withStrides(int strides) {
        return new MaxPooling1D(name, poolSize, strides, padding);
    }

    public MaxPooling1D withPadding(Padding padding) {
        return new MaxPooling1D(name, poolSize, strides, padding);
    }

    @Override
    public LayerBuild build(Shape inputShape) {
        return Pooling.window("MaxPooling1D", inputShape, poolSize, strides, padding);
    }

    @Override
    public Tensor call(Ops ops, Tensor input, Weights weights, CallContext context) {
        int[] pad = padding.amounts(input.shape().dim(1), poolSize, strides);
        return ops.maxPool1d(ops.pad(input, 1, pad[0], pad[1], Float.NEGATIVE_INFINITY), poolSize, strides);
    }
}
