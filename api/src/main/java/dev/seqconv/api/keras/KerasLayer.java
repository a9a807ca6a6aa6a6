package dev.seqconv.api.keras;

import java.util.List;
import java.util.Objects;

/**
 * One layer of a Keras model as its file describes it.
 *
 * @param className Keras's class name, e.g. {@code LSTM}; whether seqconv has such a layer is decided later
 * @param name      the layer's name in the configuration, e.g. {@code lstm_3}
 * @param config    the layer's {@code config} object, unchanged
 * @param weights   its weights in Keras's order for the class: Dense and Conv1D kernel, bias; Embedding
 *                  embeddings; SimpleRNN, LSTM and GRU kernel, recurrent_kernel, bias (gates i, f, c, o for
 *                  LSTM and z, r, h for GRU along the last axis; a GRU with {@code reset_after} has a bias of
 *                  shape {@code (2, 3 units)}, without it {@code (3 units)}); empty for a layer without weights
 */
public record KerasLayer(String className, String name, KerasConfig config, List<KerasWeight> weights) {

    /** Keras's class name of the layer that declares a functional model's input. */
    public static final String INPUT_LAYER = "InputLayer";

    public KerasLayer {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(config, "config");
        weights = List.copyOf(weights);
    }

    /** Whether this is an InputLayer, which only declares the input and has no weights. */
    public boolean isInputLayer() {
        return INPUT_LAYER.equals(className);
    }

    /** This layer with other weights. */
    KerasLayer withWeights(List<KerasWeight> newWeights) {
        return new KerasLayer(className, name, config, newWeights);
    }
}
