package dev.seqconv.api.keras;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.seqconv.api.initializers.Ones;
import dev.seqconv.api.initializers.Zeros;
import dev.seqconv.api.layers.BatchNormalization;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Keras's {@code BatchNormalization}: axis (an integer, or a one-element list as tf.keras writes it), momentum,
 * epsilon, center, scale; weights gamma, beta, moving_mean, moving_variance in its own {@code vars}.
 */
final class BatchNormalizationCodec extends LayerCodec<BatchNormalization> {

    BatchNormalizationCodec() {
        super("BatchNormalization", BatchNormalization.class, Set.of("axis", "momentum", "epsilon", "center", "scale"));
    }

    @Override
    public BatchNormalization read(KerasConfig c, ReadContext context) {
        BatchNormalization keras = BatchNormalization.of();
        return keras.withAxis(axis(c, keras.axis()))
                .withMomentum(c.decimal("momentum").orElse(keras.momentum()))
                .withEpsilon(c.decimal("epsilon").orElse(keras.epsilon()))
                .withCenter(c.bool("center").orElse(true))
                .withScale(c.bool("scale").orElse(true));
    }

    /** {@code axis: -1} (Keras 3) or {@code axis: [2]} (tf.keras); {@code absent} when missing. */
    private static int axis(KerasConfig c, int absent) {
        List<Integer> axes = c.intList("axis").orElse(null);
        if (axes == null) {
            return absent;
        }
        if (axes.size() != 1 || axes.get(0) == null) {
            throw new IllegalArgumentException("axis " + axes + " normalizes over several axes; seqconv's "
                    + "BatchNormalization takes one channel axis");
        }
        return axes.get(0);
    }

    @Override
    public void write(BatchNormalization layer, JsonObject c, Consumer<String> inexact) {
        c.addProperty("axis", layer.axis());
        c.addProperty("momentum", layer.momentum());
        c.addProperty("epsilon", layer.epsilon());
        c.addProperty("center", layer.center());
        c.addProperty("scale", layer.scale());
        ConfigWriting.initializer(c, "beta", new Zeros());
        ConfigWriting.initializer(c, "gamma", new Ones());
        ConfigWriting.initializer(c, "moving_mean", new Zeros());
        ConfigWriting.initializer(c, "moving_variance", new Ones());
        for (String key : List.of("beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint")) {
            c.add(key, JsonNull.INSTANCE);
        }
        c.addProperty("synchronized", false);
    }
}
