package dev.seqconv.api.keras;

import dev.seqconv.api.ndarray.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a layer's configuration implies, as Keras builds the layer: the names and shapes of its weights, and the
 * shape of its output, from the shape of its input (one sample, without the batch dimension). Known for the
 * classes below; for any other class nothing is implied: its weights are taken as the file has them, and the
 * shapes after it are unknown. (Knowing a class here says nothing about whether seqconv can run it.)
 */
final class KerasLayerShapes {

    /** A weight the configuration implies: its Keras name, and its shape ({@link Shape#UNKNOWN} where unknown). */
    record Expected(String name, Shape shape) {
    }

    /** Classes without weights whose output has the shape of their input. */
    private static final Set<String> SAME_SHAPE = Set.of(KerasLayer.INPUT_LAYER, "Dropout", "SpatialDropout1D",
            "GaussianDropout", "GaussianNoise", "AlphaDropout", "Activation", "ActivityRegularization");

    private static final Set<String> POOLING = Set.of("MaxPooling1D", "AveragePooling1D");
    private static final Set<String> GLOBAL_POOLING = Set.of("GlobalMaxPooling1D", "GlobalAveragePooling1D");

    private KerasLayerShapes() {
    }

    /**
     * The weights the layer's configuration implies, in Keras's order; empty when its class is not known here.
     *
     * @param input the layer's input shape, or null if unknown
     * @throws IllegalArgumentException if the configuration lacks a value Keras needs, or has one of another type
     */
    static Optional<List<Expected>> weights(KerasLayer layer, Shape input) {
        KerasConfig config = layer.config();
        int features = input == null || input.rank() == 0 ? Shape.UNKNOWN : input.dim(-1);
        return Optional.ofNullable(switch (layer.className()) {
            case "Dense" -> withBias(config, required(config, "units"),
                    new Expected("kernel", Shape.of(features, required(config, "units"))));
            case "Conv1D" -> withBias(config, required(config, "filters"), new Expected("kernel", Shape.of(
                    first(config, "kernel_size"), per(features, config.integer("groups").orElse(1)),
                    required(config, "filters"))));
            case "Embedding" -> List.of(new Expected("embeddings",
                    Shape.of(required(config, "input_dim"), required(config, "output_dim"))));
            case "SimpleRNN" -> recurrent(config, features, 1, Shape.of(required(config, "units")));
            case "LSTM" -> recurrent(config, features, 4, Shape.of(4 * required(config, "units")));
            case "GRU" -> recurrent(config, features, 3, config.bool("reset_after").orElse(false)
                    ? Shape.of(2, 3 * required(config, "units")) : Shape.of(3 * required(config, "units")));
            default -> SAME_SHAPE.contains(layer.className()) || POOLING.contains(layer.className())
                    || GLOBAL_POOLING.contains(layer.className()) || "Flatten".equals(layer.className())
                    ? List.of() : null;
        });
    }

    /**
     * The layer's output shape for one sample, or null when it is not known here.
     *
     * @param input the layer's input shape, or null if unknown
     */
    static Shape output(KerasLayer layer, Shape input) {
        if (input == null || input.rank() == 0 || !channelsLast(layer.config())) {
            return null;
        }
        KerasConfig config = layer.config();
        String type = layer.className();
        if (SAME_SHAPE.contains(type)) {
            return input;
        }
        return switch (type) {
            case "Dense" -> input.withDim(-1, required(config, "units"));
            case "Embedding" -> append(input, required(config, "output_dim"));
            case "Conv1D" -> input.rank() != 2 ? null : Shape.of(windows(input.dim(0), (first(config, "kernel_size")
                    - 1) * first(config, "dilation_rate", 1) + 1, first(config, "strides", 1), config),
                    required(config, "filters"));
            case "SimpleRNN", "LSTM", "GRU" -> config.bool("return_sequences").orElse(false)
                    ? Shape.of(input.dim(0), required(config, "units")) : Shape.of(required(config, "units"));
            case "MaxPooling1D", "AveragePooling1D" -> input.rank() != 2 ? null : Shape.of(windows(input.dim(0),
                    first(config, "pool_size"), first(config, "strides", first(config, "pool_size")), config),
                    input.dim(1));
            case "GlobalMaxPooling1D", "GlobalAveragePooling1D" -> config.bool("keepdims").orElse(false)
                    ? Shape.of(1, input.dim(-1)) : Shape.of(input.dim(-1));
            case "Flatten" -> Shape.of(input.isFullyKnown() ? Math.toIntExact(input.size()) : Shape.UNKNOWN);
            default -> null;
        };
    }

    private static List<Expected> withBias(KerasConfig config, int units, Expected kernel) {
        return config.bool("use_bias").orElse(true)
                ? List.of(kernel, new Expected("bias", Shape.of(units))) : List.of(kernel);
    }

    /** Kernel {@code (features, gates·units)}, recurrent kernel {@code (units, gates·units)}, then the bias. */
    private static List<Expected> recurrent(KerasConfig config, int features, int gates, Shape bias) {
        int units = required(config, "units");
        List<Expected> weights = new ArrayList<>(List.of(new Expected("kernel", Shape.of(features, gates * units)),
                new Expected("recurrent_kernel", Shape.of(units, gates * units))));
        if (config.bool("use_bias").orElse(true)) {
            weights.add(new Expected("bias", bias));
        }
        return weights;
    }

    /** The number of windows along {@code length}, as Keras's conv_output_length computes it. */
    private static int windows(int length, int window, int stride, KerasConfig config) {
        if (length == Shape.UNKNOWN) {
            return Shape.UNKNOWN;
        }
        String padding = config.string("padding").orElse("valid");
        int covered = "valid".equals(padding) ? length - window + 1 : length;
        return Math.max(0, (covered + stride - 1) / stride);
    }

    private static boolean channelsLast(KerasConfig config) {
        return config.string("data_format").orElse("channels_last").equals("channels_last");
    }

    private static int per(int features, int groups) {
        return features == Shape.UNKNOWN ? Shape.UNKNOWN : features / groups;
    }

    private static Shape append(Shape shape, int dim) {
        int[] dims = Arrays.copyOf(shape.dims(), shape.rank() + 1);
        dims[shape.rank()] = dim;
        return Shape.of(dims);
    }

    private static int required(KerasConfig config, String key) {
        return config.integer(key).orElseThrow(() -> new IllegalArgumentException(
                "its config has no integer '" + key + "', which Keras requires"));
    }

    private static int first(KerasConfig config, String key) {
        return config.intList(key).filter(l -> l.size() == 1 && l.get(0) != null).map(l -> l.get(0))
                .orElseThrow(() -> new IllegalArgumentException("its config has no one-element '" + key + "'"));
    }

    private static int first(KerasConfig config, String key, int absent) {
        return config.has(key) && !config.isNull(key) ? first(config, key) : absent;
    }
}
