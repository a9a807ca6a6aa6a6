package dev.seqconv.api.layers;

import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;

/**
 * The mean over time of each feature, as Keras's {@code GlobalAveragePooling1D}: {@code y[b, c] = mean_t x[b, t, c]}.
 *
 * @param name the layer's name, or {@code null} for an automatic one
 */
public record GlobalAveragePooling1D(String name) implements Layer {

    public static GlobalAveragePooling1D of() {
        return new GlobalAveragePooling1D(null);
    }

    @Override
    public GlobalAveragePooling1D withName(String name) {
        return new GlobalAveragePooling1D(name);
    }

    @Override
    public LayerBuild build(Shape inputShape) {
        return Pooling.global("GlobalAveragePooling1D", inputShape);
    }

    @Override
    public Tensor call(Ops ops, Tensor input, Weights weights, CallContext context) {
        return ops.mean(input, false, 1);
    }
}
