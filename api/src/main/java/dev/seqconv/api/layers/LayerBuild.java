package dev.seqconv.api.layers;

import dev.seqconv.api.ndarray.Shape;
import java.util.List;

/**
 * What {@link Layer#build} declares for an input shape.
 *
 * @param outputShape the shape of the layer's output, batch dimension included
 * @param weights     the weights the layer needs, in the order {@link Layer#call} receives them
 * @param noise       the dropout masks it needs in training, in the order {@link CallContext#noise()} holds them
 * @param innerValues the values per sample the layer holds during a call besides its input and output (a
 *                    recurrent layer's gates and states at every step), for the memory estimate; 0 for most
 * @param unrolledOperations the operations the layer's forward pass issues one time step after another (a
 *                    recurrent layer's time steps × the operations of a step), which an engine that traces
 *                    recurrences {@linkplain dev.seqconv.api.spi.GraphUnrolling unrolled} turns into graph nodes;
 *                    0 for layers whose operations do not grow with the sequence
 */
public record LayerBuild(Shape outputShape, List<WeightSpec> weights, List<NoiseSpec> noise, long innerValues,
                         long unrolledOperations) {

    public LayerBuild {
        weights = List.copyOf(weights);
        noise = List.copyOf(noise);
        if (innerValues < 0 || unrolledOperations < 0) {
            throw new IllegalArgumentException("innerValues and unrolledOperations must be >= 0, got " + innerValues
                    + " and " + unrolledOperations);
        }
    }

    /** A build that holds nothing besides its input and output. */
    public LayerBuild(Shape outputShape, List<WeightSpec> weights, List<NoiseSpec> noise) {
        this(outputShape, weights, noise, 0, 0);
    }

    /** A build without dropout. */
    public LayerBuild(Shape outputShape, List<WeightSpec> weights) {
        this(outputShape, weights, List.of());
    }

    /** A build without weights or dropout. */
    public static LayerBuild of(Shape outputShape) {
        return new LayerBuild(outputShape, List.of());
    }

    /** The number of values in all the weights, trainable or not (Keras's {@code Param #}). */
    public long parameterCount() {
        return weights.stream().mapToLong(w -> w.shape().size()).sum();
    }

    /** The number of values in the trainable weights: {@link #parameterCount()} less the moving statistics. */
    public long trainableParameterCount() {
        return weights.stream().filter(WeightSpec::trainable).mapToLong(w -> w.shape().size()).sum();
    }
}
