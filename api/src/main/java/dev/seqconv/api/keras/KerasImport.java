package dev.seqconv.api.model;

import dev.seqconv.api.keras.KerasConfig;
import dev.seqconv.api.keras.KerasFileException;
import dev.seqconv.api.keras.KerasFormat;
import dev.seqconv.api.keras.KerasLayer;
import dev.seqconv.api.keras.KerasModel;
import dev.seqconv.api.keras.KerasWeight;
import dev.seqconv.api.keras.LayerLabel;
import dev.seqconv.api.layers.AveragePooling1D;
import dev.seqconv.api.layers.Conv1D;
import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.Dropout;
import dev.seqconv.api.layers.Embedding;
import dev.seqconv.api.layers.Flatten;
import dev.seqconv.api.layers.GRU;
import dev.seqconv.api.layers.GlobalAveragePooling1D;
import dev.seqconv.api.layers.GlobalMaxPooling1D;
import dev.seqconv.api.layers.LSTM;
import dev.seqconv.api.layers.Layer;
import dev.seqconv.api.layers.MaxPooling1D;
import dev.seqconv.api.layers.Padding;
import dev.seqconv.api.layers.RecurrentOptions;
import dev.seqconv.api.layers.SimpleRNN;
import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Activation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a {@link KerasModel} into seqconv layers, an {@link Input} and weights, refusing whatever seqconv would
 * not compute exactly as Keras does. The rules are documented on {@link KerasModels}.
 */
final class KerasImport {

    /** Keys every layer may carry that change nothing seqconv computes in a forward pass. */
    private static final Set<String> IGNORED = Set.of("name", "trainable", "batch_input_shape", "batch_shape",
            "input_length", "kernel_initializer", "bias_initializer", "recurrent_initializer",
            "embeddings_initializer", "kernel_regularizer", "bias_regularizer", "recurrent_regularizer",
            "embeddings_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint",
            "recurrent_constraint", "embeddings_constraint", "quantization_config", "seed", "implementation",
            "unroll", "zero_output_for_mask", "lora_rank", "lora_alpha");

    /** Keys seqconv accepts only with the value that means "off", with that value. */
    private static final Map<String, Object> DEFAULT_ONLY = Map.of("mask_zero", false, "stateful", false,
            "return_state", false, "go_backwards", false, "time_major", false, "keepdims", false,
            "data_format", "channels_last", "groups", 1, "sparse", false);

    /** The keys each class maps onto seqconv settings. */
    private static final Map<String, Set<String>> MAPPED = Map.of(
            "Dense", Set.of("units", "activation", "use_bias"),
            "Conv1D", Set.of("filters", "kernel_size", "strides", "padding", "dilation_rate", "activation", "use_bias"),
            "Embedding", Set.of("input_dim", "output_dim"),
            "Dropout", Set.of("rate", "noise_shape"),
            "Flatten", Set.of(),
            "MaxPooling1D", Set.of("pool_size", "strides", "padding"),
            "AveragePooling1D", Set.of("pool_size", "strides", "padding"),
            "GlobalMaxPooling1D", Set.of(),
            "GlobalAveragePooling1D", Set.of(),
            "SimpleRNN", Set.of("units", "activation", "use_bias", "dropout", "recurrent_dropout", "return_sequences"));

    private static final Set<String> GATED = Set.of("units", "activation", "recurrent_activation", "use_bias",
            "dropout", "recurrent_dropout", "return_sequences");

    private final Path file;
    private final KerasModel model;
    private final int kerasMajorVersion;

    KerasImport(Path file, KerasModel model) {
        this.file = file;
        this.model = model;
        this.kerasMajorVersion = model.kerasVersion().map(KerasImport::major)
                .orElse(model.format() == KerasFormat.LEGACY_H5 ? 2 : 3);
    }

    /**
     * The model built in seqconv with the file's weights.
     *
     * @param timeSteps the number of time steps to build for where the file leaves it unspecified
     * @throws KerasFileException naming the file, the layer, its place in model.summary() and what is supported
     *                            instead
     */
    Sequential toSequential(OptionalInt timeSteps) {
        List<Layer> layers = layers();
        List<KerasLayer> chain = model.layers().stream().filter(l -> !l.isInputLayer()).toList();
        int offset = model.layers().size() - chain.size();
        Input input = input(layers.get(0), timeSteps);
        Sequential sequential;
        try {
            Sequential.Builder builder = Sequential.builder().name(model.name()).input(input).seed(0);
            layers.forEach(builder::add);
            sequential = builder.build();
        } catch (IllegalArgumentException e) {
            throw new KerasFileException(file, "seqconv cannot build the model: " + e.getMessage(), e);
        }
        List<NdArray> weights = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            LayerNode node = sequential.layers().get(i);
            List<KerasWeight> kerasWeights = chain.get(i).weights();
            List<String> expected = node.build().weights().stream().map(w -> w.name()).toList();
            List<String> names = kerasWeights.stream().map(KerasWeight::name).toList();
            if (!names.equals(expected)) {
                throw refusal(i + offset, "its weights are " + names + " where seqconv's layer "
                        + "takes " + expected + ": the weights do not belong to this configuration", null);
            }
            kerasWeights.forEach(w -> weights.add(w.value()));
        }
        try {
            sequential.setWeights(weights);
        } catch (IllegalArgumentException e) {
            sequential.close();
            throw new KerasFileException(file, "its weights do not fit the model: " + e.getMessage(), e);
        }
        return sequential;
    }

    /**
     * Refuses a model seqconv cannot run from its configuration alone: the layers of {@link #layers()}. A file
     * reader calls it before reading the weights, so that an unsupported layer is named before any problem of
     * the weights.
     *
     * @throws KerasFileException naming the file, the layer and what is supported instead
     */
    static void checkConfiguration(Path file, KerasModel configuration) {
        new KerasImport(file, configuration).layers();
    }

    /** The seqconv layers for the configuration's layers after any InputLayer, in order. */
    private List<Layer> layers() {
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < model.layers().size(); i++) {
            if (!model.layers().get(i).isInputLayer()) {
                layers.add(layer(model.layers().get(i), i));
            }
        }
        if (layers.isEmpty()) {
            throw new KerasFileException(file, "the model has no layers besides its input");
        }
        return layers;
    }

    /** The seqconv layer for one Keras layer, named as in the file. */
    private Layer layer(KerasLayer layer, int position) {
        String type = layer.className();
        KerasConfig config = layer.config();
        try {
            Set<String> mapped = MAPPED.containsKey(type) ? MAPPED.get(type)
                    : Set.of("LSTM", "GRU").contains(type) ? gatedKeys(type) : null;
            if (mapped == null) {
                throw new IllegalArgumentException("seqconv has no layer " + type + "; it runs "
                        + new TreeSet<>(Set.of("Dense", "Conv1D", "Embedding", "Dropout", "Flatten",
                        "MaxPooling1D", "AveragePooling1D", "GlobalMaxPooling1D", "GlobalAveragePooling1D",
                        "SimpleRNN", "LSTM", "GRU")) + " in a single chain");
            }
            checkKeys(config, mapped);
            return build(type, config).withName(layer.name());
        } catch (IllegalArgumentException e) {
            throw refusal(position, e.getMessage(), e);
        }
    }

    private static Set<String> gatedKeys(String type) {
        Set<String> keys = new HashSet<>(GATED);
        keys.add("LSTM".equals(type) ? "unit_forget_bias" : "reset_after");
        return keys;
    }

    /** Refuses keys seqconv does not know, and options it does not model set to anything but off. */
    private void checkKeys(KerasConfig config, Set<String> mapped) {
        for (String key : config.keys()) {
            if ("dtype".equals(key)) {
                checkDtype(config);
            } else if (mapped.contains(key) || IGNORED.contains(key)) {
                continue;
            } else if (DEFAULT_ONLY.containsKey(key)) {
                Object off = DEFAULT_ONLY.get(key);
                Object value = off instanceof Boolean ? config.bool(key).orElse(false)
                        : off instanceof Integer ? config.integer(key).orElse(1)
                        : config.string(key).orElse((String) off);
                if (!off.equals(value)) {
                    throw new IllegalArgumentException(key + "=" + value + " is not modelled by seqconv; only "
                            + key + "=" + off + " is supported");
                }
            } else {
                throw new IllegalArgumentException("its config key '" + key + "' is not one seqconv knows, so it "
                        + "cannot promise Keras's numbers; keys read: " + new TreeSet<>(mapped)
                        + ", ignored as not changing the outputs: initializers, regularizers, constraints, names");
            }
        }
    }

    /** Accepts float32 layers (and an int32 Embedding, as Keras 2.0 wrote it); refuses other dtype policies. */
    private static void checkDtype(KerasConfig config) {
        String dtype = config.isObject("dtype")
                ? config.object("dtype").flatMap(p -> p.object("config")).flatMap(c -> c.string("name")).orElse("?")
                : config.string("dtype").orElse("float32");
        if (!Set.of("float32", "int32").contains(dtype)) {
            throw new IllegalArgumentException("dtype policy '" + dtype + "' is not supported; seqconv computes in "
                    + "float32");
        }
    }

    private Layer build(String type, KerasConfig c) {
        return switch (type) {
            case "Dense" -> Dense.of(required(c, "units"), activation(c, "activation"))
                    .withUseBias(c.bool("use_bias").orElse(true));
            case "Conv1D" -> Conv1D.of(required(c, "filters"), single(c, "kernel_size", 0), activation(c, "activation"))
                    .withStrides(single(c, "strides", 1)).withDilationRate(single(c, "dilation_rate", 1))
                    .withPadding(padding(c)).withUseBias(c.bool("use_bias").orElse(true));
            case "Embedding" -> Embedding.of(required(c, "input_dim"), required(c, "output_dim"));
            case "Dropout" -> {
                if (!c.isNull("noise_shape") && c.has("noise_shape")) {
                    throw new IllegalArgumentException("noise_shape " + c.intList("noise_shape").orElseThrow()
                            + " is not modelled by seqconv; only noise_shape=None is supported");
                }
                yield Dropout.of(c.decimal("rate").orElseThrow(() -> missing("rate")));
            }
            case "Flatten" -> Flatten.of();
            case "MaxPooling1D" -> MaxPooling1D.of(single(c, "pool_size", 0))
                    .withStrides(single(c, "strides", single(c, "pool_size", 0))).withPadding(padding(c));
            case "AveragePooling1D" -> AveragePooling1D.of(single(c, "pool_size", 0))
                    .withStrides(single(c, "strides", single(c, "pool_size", 0))).withPadding(padding(c));
            case "GlobalMaxPooling1D" -> GlobalMaxPooling1D.of();
            case "GlobalAveragePooling1D" -> GlobalAveragePooling1D.of();
            case "SimpleRNN" -> SimpleRNN.of(recurrent(c, false));
            case "LSTM" -> LSTM.of(recurrent(c, true)).withUnitForgetBias(c.bool("unit_forget_bias").orElse(true));
            case "GRU" -> GRU.of(recurrent(c, true)).withResetAfter(c.bool("reset_after").orElse(false));
            default -> throw new IllegalStateException(type);
        };
    }

    private RecurrentOptions recurrent(KerasConfig c, boolean gated) {
        RecurrentOptions.Builder options = RecurrentOptions.builder(required(c, "units"))
                .activation(activation(c, "activation"))
                .useBias(c.bool("use_bias").orElse(true))
                .dropout(c.decimal("dropout").orElse(0.0))
                .recurrentDropout(c.decimal("recurrent_dropout").orElse(0.0))
                .returnSequences(c.bool("return_sequences").orElse(false));
        if (gated) {
            options.recurrentActivation(activation(c, "recurrent_activation"));
        }
        return options.build();
    }

    private Activation activation(KerasConfig c, String key) {
        if (c.isObject(key)) {
            throw new IllegalArgumentException(key + " " + c.object(key).orElseThrow() + " is a custom or "
                    + "serialized activation object; seqconv maps Keras's built-in activations by name");
        }
        String name = c.string(key).orElse("activation".equals(key) && !c.has(key) ? "linear" : null);
        if (name == null) {
            throw missing(key);
        }
        return Activation.fromKeras(name, kerasMajorVersion);
    }

    private static Padding padding(KerasConfig c) {
        String padding = c.string("padding").orElse("valid");
        try {
            return Padding.valueOf(padding.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("padding '" + padding + "' is not supported; supported: valid, same, "
                    + "causal (Conv1D only)", e);
        }
    }

    private static int required(KerasConfig c, String key) {
        return c.integer(key).orElseThrow(() -> missing(key));
    }

    /** A one-element tuple such as {@code kernel_size: [3]}; {@code absent} (0: required) when missing or None. */
    private static int single(KerasConfig c, String key, int absent) {
        List<Integer> values = c.intList(key).orElse(null);
        if (values == null) {
            if (absent == 0) {
                throw missing(key);
            }
            return absent;
        }
        if (values.size() != 1 || values.get(0) == null) {
            throw new IllegalArgumentException(key + " " + values + " is not a one-element tuple, as a 1D layer has");
        }
        return values.get(0);
    }

    private static IllegalArgumentException missing(String key) {
        return new IllegalArgumentException("its config has no '" + key + "', which Keras requires");
    }

    /** The input the file declares, int32 ids for an Embedding; an unspecified time dimension from {@code timeSteps}. */
    private Input input(Layer first, OptionalInt timeSteps) {
        int[] dims = model.input().shape().dims();
        if (dims.length == 0) {
            throw new KerasFileException(file, "the model declares no input shape");
        }
        for (int axis = 0; axis < dims.length; axis++) {
            if (dims[axis] != Shape.UNKNOWN) {
                continue;
            }
            if (axis != 0 || dims.length < 2 && !(first instanceof Embedding)) {
                throw new KerasFileException(file, "the input shape " + model.input().shape() + " leaves a feature "
                        + "dimension unspecified; seqconv needs every dimension but time known");
            }
            String load = model.format() == KerasFormat.WEIGHTS_H5_AND_JSON
                    ? "KerasModels.load(weights, json, timeSteps)" : "KerasModels.load(file, timeSteps)";
            dims[axis] = timeSteps.orElseThrow(() -> new KerasFileException(file, "the input shape "
                    + model.input().batchShape() + " leaves the number of time steps unspecified; seqconv builds a "
                    + "model for a fixed number: load it with " + load));
        }
        return new Input(Shape.of(dims), first.inputType() == DataType.INT32 ? DataType.INT32 : DataType.FLOAT32);
    }

    /** @param position the layer's place in the configuration's list, counting any InputLayer */
    private KerasFileException refusal(int position, String problem, Throwable cause) {
        String message = LayerLabel.of(model.modelClass(), model.layers(), position) + ": " + problem;
        return cause == null ? new KerasFileException(file, message) : new KerasFileException(file, message, cause);
    }

    /** The major version in a Keras version string such as {@code 2.3.0-tf}. */
    private static int major(String version) {
        int dot = version.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
        } catch (NumberFormatException e) {
            return 3;
        }
    }
}
