package dev.seqconv.api.keras;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.seqconv.api.initializers.GlorotUniform;
import dev.seqconv.api.initializers.Initializer;
import dev.seqconv.api.initializers.Ones;
import dev.seqconv.api.initializers.Orthogonal;
import dev.seqconv.api.initializers.RandomUniform;
import dev.seqconv.api.initializers.Zeros;
import dev.seqconv.api.layers.Padding;
import dev.seqconv.api.ops.Activation;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The writing rules every {@link KerasLayerCodec} shares, in Keras 3's schema: the common keys, activations,
 * paddings, one-element tuples, and initializers with their regularizer and constraint keys.
 */
final class ConfigWriting {

    private ConfigWriting() {
    }

    /** {@code trainable} and a float32 {@code dtype} policy, as every Keras 3 layer config begins. */
    static JsonObject common() {
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

    /**
     * Keras 3's name for {@code activation}: the only place activations are named for Keras 3. An activation
     * Keras 3 defines differently under the same name (Keras 2's {@code hard_sigmoid}, {@code clip(0.2·x + 0.5)},
     * which Keras 3 reads as {@code clip(x/6 + 0.5)}) is told to {@code inexact}.
     */
    static String activation(String setting, Activation activation, Consumer<String> inexact) {
        if (!activation.isKerasDefinition(3)) {
            inexact.accept(setting + " '" + activation.kerasName() + "' is " + activation + " here, but Keras 3 "
                    + "computes '" + activation.kerasName() + "' as " + Activation.fromKeras(activation.kerasName(), 3));
        }
        return activation.kerasName();
    }

    /** {@code <prefix>_initializer}, {@code _regularizer} and {@code _constraint} for each (prefix, initializer) pair. */
    static void initializers(JsonObject c, Object... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            String prefix = (String) pairs[i];
            initializer(c, prefix, (Initializer) pairs[i + 1]);
            c.add(prefix + "_regularizer", JsonNull.INSTANCE);
            c.add(prefix + "_constraint", JsonNull.INSTANCE);
        }
    }

    /** {@code <prefix>_initializer} alone, for an initializer seqconv has (else Keras uses its default). */
    static void initializer(JsonObject c, String prefix, Initializer initializer) {
        initializer(initializer).ifPresent(json -> c.add(prefix + "_initializer", json));
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
        } else if (initializer instanceof Ones) {
            name = "Ones";
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

    static String padding(Padding padding) {
        return padding.name().toLowerCase(Locale.ROOT);
    }

    static JsonElement tuple(int value) {
        JsonArray array = new JsonArray();
        array.add(value);
        return array;
    }
}
