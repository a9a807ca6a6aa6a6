package dev.seqconv.api.layers;

import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;
import java.util.List;

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
    public LayerBuild build(Shape inputShape) {
        LayerChecks.sequence("GlobalAveragePooling1D", inputShape);
        return LayerBuild.of(Shape.of(inputShape.dim(0), inputShape.dim(2)));
    }

    @Override
    public Tensor call(Ops ops, Tensor input, List<Tensor> weights, CallContext context) {
        return ops.mean(input, false, 1);
    }
}
