package dev.seqconv.api.layers;

import dev.seqconv.api.initializers.Initializer;
import dev.seqconv.api.ndarray.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * A weight a layer needs. A layer reads it back by {@code name} in {@link Layer#call} ({@link Weights#get}).
 *
 * @param name        its name within the layer, as Keras names it: {@code kernel}, {@code bias}, {@code embeddings}
 * @param shape       its fully known shape
 * @param initializer how it gets its first value
 * @param trainable   whether the optimizer updates it from gradients; a non-trainable weight (Keras's
 *                    {@code trainable=False} variables, such as BatchNormalization's moving statistics) changes
 *                    only through {@link CallContext#assign} in training calls
 */
public record WeightSpec(String name, Shape shape, Initializer initializer, boolean trainable) {

    /** The input kernel of {@code Dense}, {@code Conv1D} and the recurrent layers. */
    public static final String KERNEL = "kernel";
    /** The bias, present with {@code useBias}. */
    public static final String BIAS = "bias";
    /** The state-to-state kernel of the recurrent layers. */
    public static final String RECURRENT_KERNEL = "recurrent_kernel";
    /** The vectors of {@code Embedding}. */
    public static final String EMBEDDINGS = "embeddings";

    /** A trainable weight. */
    public WeightSpec(String name, Shape shape, Initializer initializer) {
        this(name, shape, initializer, true);
    }

    /** A weight the optimizer leaves alone, changed only by the layer's own assignments in training. */
    public static WeightSpec nonTrainable(String name, Shape shape, Initializer initializer) {
        return new WeightSpec(name, shape, initializer, false);
    }

    /** {@code kernel}, then {@code bias} if {@code useBias}: the weights of {@code Dense} and {@code Conv1D}. */
    static List<WeightSpec> kernelAndBias(Shape kernelShape, Initializer kernelInitializer, boolean useBias,
                                          Shape biasShape, Initializer biasInitializer) {
        List<WeightSpec> weights = new ArrayList<>();
        weights.add(new WeightSpec(KERNEL, kernelShape, kernelInitializer));
        if (useBias) {
            weights.add(new WeightSpec(BIAS, biasShape, biasInitializer));
        }
        return weights;
    }
}
