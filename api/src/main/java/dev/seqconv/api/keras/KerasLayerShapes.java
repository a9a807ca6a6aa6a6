package dev.seqconv.api.keras;

import dev.seqconv.api.layers.Layer;
import dev.seqconv.api.layers.LayerBuild;
import dev.seqconv.api.layers.WeightSpec;
import dev.seqconv.api.ndarray.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a layer's configuration implies, as seqconv builds the layer its codec reads ({@link Layer#build}): the
 * names and shapes of its weights, and the shape of its output, from the shape of its input (one sample, without
 * the batch dimension). Unknown for a class without a codec, or a config or input seqconv cannot build: then the
 * weights are taken as the file has them, and the shapes after the layer are unknown.
 *
 * <p>After a layer of unknown output the names of the weights are still known, and their shapes where they do not
 * depend on the input: the layer is built for an input of one or two unknown dimensions, the first it takes.
 *
 * <p>A dimension of the input that the file leaves unspecified (the time steps) is built twice, as
 * {@value #PROBE_A} and as {@value #PROBE_B}; a dimension that differs between the two builds depends on it and
 * is {@link Shape#UNKNOWN}, e.g. a Dense kernel's rows after a Flatten.
 */
final class KerasLayerShapes {

    /** The two values an unspecified input dimension is built with. */
    private static final int PROBE_A = 1024;
    private static final int PROBE_B = 2048;

    /** A weight the configuration implies: its Keras name, and its shape ({@link Shape#UNKNOWN} where unknown). */
    record Expected(String name, Shape shape) {
    }

    /**
     * What the layer declares for an input shape.
     *
     * @param weights its weights in Keras's order
     * @param output  its output shape for one sample
     */
    record Built(List<Expected> weights, Shape output) {
    }

    private KerasLayerShapes() {
    }

    /**
     * The weights and output shape (null after an unknown input) the layer's configuration implies; empty when
     * seqconv cannot build it.
     *
     * @param input the layer's input shape, or null if unknown
     */
    static Optional<Built> build(KerasLayer layer, Shape input, KerasLayerCodec.ReadContext context) {
        if (layer.isInputLayer() || input != null && input.rank() == 0) {
            return Optional.empty();
        }
        if (input == null) {
            return build(layer, Shape.of(Shape.UNKNOWN), context)
                    .or(() -> build(layer, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN), context))
                    .map(built -> new Built(built.weights(), null));
        }
        try {
            Layer seqconv = KerasLayerCodecs.read(layer, context);
            LayerBuild a = seqconv.build(probe(input, PROBE_A));
            LayerBuild b = seqconv.build(probe(input, PROBE_B));
            List<Expected> weights = new ArrayList<>();
            for (int i = 0; i < a.weights().size(); i++) {
                WeightSpec weight = a.weights().get(i);
                weights.add(new Expected(weight.name(), known(weight.shape(), b.weights().get(i).shape())));
            }
            return Optional.of(new Built(weights, known(a.outputShape(), b.outputShape()).dropFirst()));
        } catch (IllegalArgumentException notSeqconvs) {
            return Optional.empty();
        }
    }

    /** The output shape the layer's configuration implies, or null when seqconv cannot build it. */
    static Shape output(KerasLayer layer, Shape input, KerasLayerCodec.ReadContext context) {
        return build(layer, input, context).map(Built::output).orElse(null);
    }

    /** {@code input} with a batch dimension, and {@code size} for each unknown dimension. */
    private static Shape probe(Shape input, int size) {
        int[] dims = input.dims();
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == Shape.UNKNOWN) {
                dims[i] = size;
            }
        }
        return Shape.of(dims).prepend(Shape.UNKNOWN);
    }

    /** {@code a}'s dimensions where they equal {@code b}'s, {@link Shape#UNKNOWN} where they differ. */
    private static Shape known(Shape a, Shape b) {
        int[] dims = a.dims();
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] != b.dim(i)) {
                dims[i] = Shape.UNKNOWN;
            }
        }
        return Shape.of(dims);
    }
}
