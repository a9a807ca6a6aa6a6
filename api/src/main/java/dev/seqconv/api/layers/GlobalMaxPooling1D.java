package dev.seqconv.api.layers;

import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;

/**
 * The maximum over time of each feature, as Keras's {@code GlobalMaxPooling1D}:
 * <pre>y[b, c] = max_t x[b, t, c]</pre>
 * Input {@code (batch, time, features)}, output {@code (batch, features)}. Ties share the gradient equally.
 *
 * @param name the layer's name, or {@code null} for an automatic one
 */
public record GlobalMaxPooling1D(String name) implements Layer {

    public static GlobalMaxPooling1D of() {
        return new GlobalMaxPooling1D(null);
    }

    @Override
    public GlobalMaxPooling1D withName(String name) {
        return new GlobalMaxPooling1D(name);
    }

    @Override
    public LayerBuild build(Shape inputShape) {
        return Pooling.global("GlobalMaxPooling1D", inputShape);
    }

    @Override
    public Tensor call(Ops ops, Tensor input, Weights weights, CallContext context) {
        return ops.max(input, false, 1);
    }
}
