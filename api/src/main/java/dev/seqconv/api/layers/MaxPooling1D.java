package dev.seqconv.api.layers;

import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;
import java.util.List;

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
        LayerChecks.positive("MaxPooling1D", "poolSize", poolSize);
        LayerChecks.positive("MaxPooling1D", "strides", strides);
        LayerChecks.present("MaxPooling1D", "padding", padding);
        if (padding == Padding.CAUSAL) {
            throw new IllegalArgumentException("MaxPooling1D: padding CAUSAL exists only for Conv1D; use VALID or SAME");
        }
    }

    /** Keras's {@code MaxPooling1D(poolSize)}: strides equal to the pool size, no padding. */
    public static MaxPooling1D of(int poolSize) {
        return new MaxPooling1D(null, poolSize, poolSize, Padding.VALID);
    }

    @Override
    public LayerBuild build(Shape inputShape) {
        LayerChecks.sequence("MaxPooling1D", inputShape);
        int length = padding.outputLength(inputShape.dim(1), poolSize, strides);
        if (length <= 0) {
            throw new IllegalArgumentException("MaxPooling1D: a sequence of " + inputShape.dim(1) + " steps is shorter "
                    + "than the pool of " + poolSize + "; use a smaller poolSize, padding SAME, or longer sequences");
        }
        return LayerBuild.of(Shape.of(inputShape.dim(0), length, inputShape.dim(2)));
    }

    @Override
    public Tensor call(Ops ops, Tensor input, List<Tensor> weights, CallContext context) {
        int[] pad = padding.amounts(input.shape().dim(1), poolSize, strides);
        return ops.maxPool1d(ops.pad(input, 1, pad[0], pad[1], Float.NEGATIVE_INFINITY), poolSize, strides);
    }
}
