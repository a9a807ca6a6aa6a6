package dev.seqconv.api.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.seqconv.api.initializers.GlorotUniform;
import dev.seqconv.api.initializers.Initializer;
import dev.seqconv.api.initializers.Orthogonal;
import dev.seqconv.api.initializers.RandomUniform;
import dev.seqconv.api.initializers.Zeros;
import dev.seqconv.api.keras.KerasConfig;
import dev.seqconv.api.keras.KerasFileException;
import dev.seqconv.api.keras.KerasFormat;
import dev.seqconv.api.keras.KerasInput;
import dev.seqconv.api.keras.KerasLayer;
import dev.seqconv.api.keras.KerasModel;
import dev.seqconv.api.keras.KerasModelClass;
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
import dev.seqconv.api.layers.WeightSpec;
import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ops.Activation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Describes a seqconv model as Keras 3 would save the same network: each layer's {@code config} in Keras 3's
 * schema (every setting seqconv has, Keras 3's values for the rest), its weights in Keras's order and names.
 * The rules are documented on {@link KerasModels}.
 */
final class KerasExport {

    private KerasExport() {
    }

    /**
     * The description of {@code model} with {@code weights} (its weights in {@link Sequential#getWeights} order).
     *
     * @param file         names the target in refusals
     * @param writeInexact whether to describe a setting Keras 3 computes differently rather than refuse
     * @throws KerasFileException if a layer has no Keras 3 equivalent, or an inexact one without {@code writeInexact}
     */
    static KerasModel describe(Sequential model, List<NdArray> weights, Path file, boolean writeInexact) {
        List<String> inexact = inexactSettings(model);
        if (!inexact.isEmpty() && !writeInexact) {
            throw new KerasFileException(file, "not written: " + String.join("; ", inexact) + ". Keras 3 would not "
                    + "predict what this model does; save with KerasModels.SaveOption.WRITE_INEXACT to write it "
                    + "anyway, or keep the model in seqconv's weights format");
        }
        List<KerasLayer> layers = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < model.layers().size(); i++) {
            LayerNode node = model.layers().get(i);
            List<KerasWeight> values = new ArrayList<>();
            for (WeightSpec spec : node.build().weights()) {
                values.add(new KerasWeight(spec.name(), weights.get(next++)));
            }
            JsonObject config;
            try {
                config = config(node.layer(), setting -> { });
            } catch (IllegalArgumentException e) {
                throw new KerasFileException(file, "not written: " + LayerLabel.of(node.name(),
                        node.layer().typeName(), i) + ": " + e.getMessage(), e);
            }
            config.addProperty("name", node.name());
            layers.add(new KerasLayer(node.layer().typeName(), node.name(), KerasConfig.parse(config.toString()),
                    values));
        }
        String dtype = model.input().dataType() == DataType.INT32 ? "int32" : "float32";
        return new KerasModel(KerasFormat.KERAS_ARCHIVE, Optional.empty(), KerasModelClass.SEQUENTIAL, model.name(),
                new KerasInput(model.input().shape(), dtype), layers);
    }

    /**
     * Each setting of {@code model} that Keras 3 computes differently under the name it is saved with, as
     * {@code layer 'gru' (GRU, the 1st layer in model.summary()): recurrent_activation ...}; empty if Keras 3 computes the model exactly.
     */
    static List<String> inexactSettings(Sequential model) {
        List<String> settings = new ArrayList<>();
        for (int i = 0; i < model.layers().size(); i++) {
            LayerNode node = model.layers().get(i);
            String layer = LayerLabel.of(node.name(), node.layer().typeName(), i) + ": ";
            try {
                config(node.layer(), setting -> settings.add(layer + setting));
            } catch (IllegalArgumentException noKerasLayer) {
                // not a question of exactness: describe refuses the layer
            }
        }
        return settings;
    }

    /**
     * A layer's config in Keras 3's schema, its name left to the caller.
     *
     * @param inexact told of each setting Keras 3 computes differently
     */
    private static JsonObject config(Layer layer, Consumer<String> inexact) {
        JsonObject c = common();
        if (layer instanceof Dense d) {
            c.addProperty("units", d.units());
            c.addProperty("activation", activation("activation", d.activation(), inexact));
            c.addProperty("use_bias", d.useBias());
            initializers(c, "kernel", d.kernelInitializer(), "bias", d.biasInitializer());
        } else if (layer instanceof Conv1D conv) {
            c.addProperty("filters", conv.filters());
            c.add("kernel_size", tuple(conv.kernelSize()));
            c.add("strides", tuple(conv.strides()));
            c.addProperty("padding", padding(conv.padding()));
            c.addProperty("data_format", "channels_last");
            c.add("dilation_rate", tuple(conv.dilationRate()));
            c.addProperty("groups", 1);
            c.addProperty("activation", activation("activation", conv.activation(), inexact));
            c.addProperty("use_bias", conv.useBias());
            initializers(c, "kernel", conv.kernelInitializer(), "bias", conv.biasInitializer());
            c.add("activity_regularizer", JsonNull.INSTANCE);
        } else if (layer instanceof Embedding e) {
            c.addProperty("input_dim", e.inputDim());
            c.addProperty("output_dim", e.outputDim());
            initializers(c, "embeddings", e.initializer());
            c.add("activity_regularizer", JsonNull.INSTANCE);
            c.addProperty("mask_zero", false);
        } else if (layer instanceof Dropout d) {
            c.addProperty("rate", d.rate());
            c.add("seed", JsonNull.INSTANCE);
            c.add("noise_shape", JsonNull.INSTANCE);
        } else if (layer instanceof Flatten) {
            c.addProperty("data_format", "channels_last");
        } else if (layer instanceof MaxPooling1D p) {
            pooling(c, p.poolSize(), p.strides(), p.padding());
        } else if (layer instanceof AveragePooling1D p) {
            pooling(c, p.poolSize(), p.strides(), p.padding());
        } else if (layer instanceof GlobalMaxPooling1D || layer instanceof GlobalAveragePooling1D) {
            c.addProperty("data_format", "channels_last");
            c.addProperty("keepdims", false);
        } else if (layer instanceof SimpleRNN rnn) {
            recurrent(c, rnn.options(), false, inexact);
        } else if (layer instanceof LSTM lstm) {
            recurrent(c, lstm.options(), true, inexact);
            c.addProperty("unit_forget_bias", lstm.unitForgetBias());
        } else if (layer instanceof GRU gru) {
            recurrent(c, gru.options(), true, inexact);
            c.addProperty("reset_after", gru.resetAfter());
        } else {
            throw new IllegalArgumentException("Keras has no layer of this class; seqconv writes its built-in layers "
                    + "only");
        }
        return c;
    }

    private static JsonObject common() {
        JsonObject c = new JsonObject();
        c.addProperty("trainable", true);
        JsonObject policy = new JsonObject();
        policy.addProperty("module", "keras");
        policy.addProperty("class_name", "DTypePolicy");
        JsonObject name = new JsonObject();
        name.addProperty("name", "float32");
        policy.add("config", name);
        policy.add("registered_name", JsonNull.INSTANCE);
        c.add("dtype", policy);
        return c;
    }

    private static void recurrent(JsonObject c, RecurrentOptions o, boolean gated, Consumer<String> inexact) {
        c.addProperty("units", o.units());
        c.addProperty("activation", activation("activation", o.activation(), inexact));
        if (gated) {
            c.addProperty("recurrent_activation", activation("recurrent_activation", o.recurrentActivation(),
                    inexact));
        }
        c.addProperty("use_bias", o.useBias());
        initializers(c, "kernel", o.kernelInitializer(), "recurrent", o.recurrentInitializer(), "bias",
                o.biasInitializer());
        c.add("activity_regularizer", JsonNull.INSTANCE);
        c.addProperty("dropout", o.dropout());
        c.addProperty("recurrent_dropout", o.recurrentDropout());
        c.addProperty("return_sequences", o.returnSequences());
        c.addProperty("return_state", false);
        c.addProperty("go_backwards", false);
        c.addProperty("stateful", false);
        c.addProperty("unroll", false);
        c.addProperty("zero_output_for_mask", false);
        c.add("seed", JsonNull.INSTANCE);
    }

    private static void pooling(JsonObject c, int poolSize, int strides, Padding padding) {
        c.add("pool_size", tuple(poolSize));
        c.addProperty("padding", padding(padding));
        c.add("strides", tuple(strides));
        c.addProperty("data_format", "channels_last");
    }

    /**
     * Keras 3's name for {@code activation}: the only place activations are named for Keras 3. An activation
     * Keras 3 defines differently under the same name (Keras 2's {@code hard_sigmoid}, {@code clip(0.2·x + 0.5)},
     * which Keras 3 reads as {@code clip(x/6 + 0.5)}) is told to {@code inexact}.
     */
    private static String activation(String setting, Activation activation, Consumer<String> inexact) {
        if (!activation.isKerasDefinition(3)) {
            inexact.accept(setting + " '" + activation.kerasName() + "' is " + activation + " here, but Keras 3 "
                    + "computes '" + activation.kerasName() + "' as " + Activation.fromKeras(activation.kerasName(), 3));
        }
        return activation.kerasName();
    }

    /** {@code <prefix>_initializer}, {@code _regularizer} and {@code _constraint} for each (prefix, initializer) pair. */
    private static void initializers(JsonObject c, Object... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            String prefix = (String) pairs[i];
            initializer((Initializer) pairs[i + 1]).ifPresent(json -> c.add(prefix + "_initializer", json));
            c.add(prefix + "_regularizer", JsonNull.INSTANCE);
            c.add(prefix + "_constraint", JsonNull.INSTANCE);
        }
    }

    /** Keras 3's serialization of an initializer seqconv has; empty for another (Keras then uses its default). */
    private static Optional<JsonObject> initializer(Initializer initializer) {
        JsonObject config = new JsonObject();
        String name;
        if (initializer instanceof GlorotUniform) {
            name = "GlorotUniform";
            config.add("seed", JsonNull.INSTANCE);
        } else if (initializer instanceof Orthogonal o) {
            name = "Orthogonal";
            config.addProperty("gain", o.gain());
            config.add("seed", JsonNull.INSTANCE);
        } else if (initializer instanceof RandomUniform u) {
            name = "RandomUniform";
            config.addProperty("minval", u.min());
            config.addProperty("maxval", u.max());
            config.add("seed", JsonNull.INSTANCE);
        } else if (initializer instanceof Zeros) {
            name = "Zeros";
        } else {
            return Optional.empty();
        }
        JsonObject json = new JsonObject();
        json.addProperty("module", "keras.initializers");
        json.addProperty("class_name", name);
        json.add("config", config);
        json.add("registered_name", JsonNull.INSTANCE);
        return Optional.of(json);
    }

    private static String padding(Padding padding) {
        return padding.name().toLowerCase(Locale.ROOT);
    }

    private static JsonElement tuple(int value) {
        JsonArray array = new JsonArray();
        array.add(value);
        return array;
    }
}
