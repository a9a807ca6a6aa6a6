package dev.seqconv.api.keras;

import dev.seqconv.api.layers.Padding;
import dev.seqconv.api.ops.Activation;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reading rules every {@link KerasLayerCodec} shares: which keys change nothing seqconv computes, which
 * options seqconv accepts only switched off, and how activations, paddings, one-element tuples and required
 * values are read, each refusal with one message.
 */
final class ConfigReading {

    /** Keys every layer may carry that change nothing seqconv computes in a forward pass. */
    private static final Set<String> IGNORED = Set.of("name", "trainable", "batch_input_shape", "batch_shape",
            "input_length", "kernel_initializer", "bias_initializer", "recurrent_initializer",
            "embeddings_initializer", "kernel_regularizer", "bias_regularizer", "recurrent_regularizer",
            "embeddings_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint",
            "recurrent_constraint", "embeddings_constraint", "quantization_config", "seed", "implementation",
            "unroll", "zero_output_for_mask", "lora_rank", "lora_alpha", "beta_initializer", "gamma_initializer",
            "moving_mean_initializer", "moving_variance_initializer", "beta_regularizer", "gamma_regularizer",
            "beta_constraint", "gamma_constraint", "synchronized");

    /** Keys seqconv accepts only with the value that means "off", with that value. */
    private static final Map<String, Object> DEFAULT_ONLY = Map.of("mask_zero", false, "stateful", false,
            "return_state", false, "time_major", false, "keepdims", false,
            "data_format", "channels_last", "groups", 1, "sparse", false, "renorm", false);

    private ConfigReading() {
    }

    /**
     * Refuses keys seqconv does not know, options it does not model set to anything but off, and dtype policies
     * other than float32 (and an int32 Embedding, as Keras 2.0 wrote it).
     *
     * @param mapped the keys the layer's codec reads
     */
    static void checkKeys(KerasConfig config, Set<String> mapped) {
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

    private static void checkDtype(KerasConfig config) {
        String dtype = config.isObject("dtype")
                ? config.object("dtype").flatMap(p -> p.object("config")).flatMap(c -> c.string("name")).orElse("?")
                : config.string("dtype").orElse("float32");
        if (!Set.of("float32", "int32").contains(dtype)) {
            throw new IllegalArgumentException("dtype policy '" + dtype + "' is not supported; seqconv computes in "
                    + "float32");
        }
    }

    /**
     * The activation named at {@code key} as Keras {@code kerasMajorVersion} defines it; a missing
     * {@code activation} is Keras's default, linear.
     */
    static Activation activation(KerasConfig c, String key, KerasLayerCodec.ReadContext context) {
        if (c.isObject(key)) {
            throw new IllegalArgumentException(key + " " + c.object(key).orElseThrow() + " is a custom or "
                    + "serialized activation object; seqconv maps Keras's built-in activations by name");
        }
        String name = c.string(key).orElse("activation".equals(key) && !c.has(key) ? "linear" : null);
        if (name == null) {
            throw missing(key);
        }
        return Activation.fromKeras(name, context.kerasMajorVersion());
    }

    static Padding padding(KerasConfig c) {
        String padding = c.string("padding").orElse("valid");
        try {
            return Padding.valueOf(padding.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("padding '" + padding + "' is not supported; supported: valid, same, "
                    + "causal (Conv1D only)", e);
        }
    }

    static int required(KerasConfig c, String key) {
        return c.integer(key).orElseThrow(() -> missing(key));
    }

    static boolean useBias(KerasConfig c) {
        return c.bool("use_bias").orElse(true);
    }

    /** A one-element tuple such as {@code kernel_size: [3]}; {@code absent} (0: required) when missing or None. */
    static int single(KerasConfig c, String key, int absent) {
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

    static IllegalArgumentException missing(String key) {
        return new IllegalArgumentException("its config has no '" + key + "', which Keras requires");
    }

    /** {@code lstm_1/lstm_cell_1/kernel:0} → {@code kernel}. */
    static String lastPathComponent(String path) {
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.endsWith(":0") ? last.substring(0, last.length() - 2) : last;
    }
}
