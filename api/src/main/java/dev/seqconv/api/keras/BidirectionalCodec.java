package dev.seqconv.api.keras;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.seqconv.api.io.KerasWeightGroups;
import dev.seqconv.api.io.LayerLayout;
import dev.seqconv.api.layers.Bidirectional;
import dev.seqconv.api.layers.Layer;
import dev.seqconv.api.layers.MergeMode;
import dev.seqconv.api.layers.RecurrentLayer;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Keras's {@code Bidirectional} around SimpleRNN, LSTM or GRU: {@code layer} (the forward layer, read by its own
 * codec), {@code merge_mode}, and Keras 3's {@code backward_layer}; Keras 2 and tf.keras write only {@code layer},
 * and the backward layer is that layer with {@code go_backwards} inverted. Keras 3 keeps the weights in {@code forward_layer/cell/vars} and {@code backward_layer/cell/vars};
 * legacy files name them under {@code forward_<rnn>} and {@code backward_<rnn>} path components.
 */
final class BidirectionalCodec extends LayerCodec<Bidirectional> {

    BidirectionalCodec() {
        super("Bidirectional", Bidirectional.class, Set.of("layer", "merge_mode", "backward_layer"));
    }

    @Override
    public Bidirectional read(KerasConfig c, ReadContext context) {
        RecurrentLayer forward = wrapped(c, "layer", context);
        RecurrentLayer backward = c.has("backward_layer") && !c.isNull("backward_layer")
                ? wrapped(c, "backward_layer", context)
                : forward.withGoBackwards(!forward.options().goBackwards());
        return new Bidirectional(null, forward, backward, mergeMode(c));
    }

    /** The recurrent layer serialized at {@code key}. */
    private static RecurrentLayer wrapped(KerasConfig c, String key, ReadContext context) {
        KerasConfig serialized = c.object(key).orElseThrow(() -> ConfigReading.missing(key));
        String className = serialized.string("class_name").orElseThrow(() -> new IllegalArgumentException(
                key + " has no 'class_name'"));
        KerasConfig wrapped = serialized.object("config").orElseThrow(() -> new IllegalArgumentException(
                key + " (" + className + ") has no 'config'"));
        Layer layer = KerasLayerCodecs.read(new KerasLayer(className, key, wrapped, List.of()), context);
        if (!(layer instanceof RecurrentLayer recurrent)) {
            throw new IllegalArgumentException(key + " is a " + className + "; seqconv's Bidirectional wraps "
                    + "SimpleRNN, LSTM or GRU");
        }
        return recurrent.withName(null);
    }

    private static MergeMode mergeMode(KerasConfig c) {
        if (c.has("merge_mode") && c.isNull("merge_mode")) {
            return MergeMode.NONE;
        }
        String mode = c.string("merge_mode").orElse("concat");
        try {
            return MergeMode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("merge_mode '" + mode + "' is not one Keras has; supported: concat, "
                    + "sum, mul, ave", e);
        }
    }

    @Override
    public void write(Bidirectional layer, JsonObject c, Consumer<String> inexact) {
        c.add("layer", serialized(layer.forwardLayer(), "forward_", inexact));
        c.addProperty("merge_mode", layer.mergeMode().name().toLowerCase(Locale.ROOT));
        c.add("backward_layer", serialized(layer.backwardLayer(), "backward_", inexact));
    }

    /** A wrapped layer as Keras 3 serializes it, named {@code forward_<rnn>} or {@code backward_<rnn>}. */
    private static JsonObject serialized(RecurrentLayer layer, String prefix, Consumer<String> inexact) {
        JsonObject config = KerasLayerCodecs.write(layer, inexact);
        String className = KerasLayerCodecs.className(layer);
        config.addProperty("name", prefix + KerasWeightGroups.snakeCase(className));
        JsonObject json = new JsonObject();
        json.addProperty("module", "keras.layers");
        json.addProperty("class_name", className);
        json.add("config", config);
        json.add("registered_name", JsonNull.INSTANCE);
        return json;
    }

    /**
     * An empty {@code vars} named after the layer, then each direction's cell: {@code forward_layer/cell/vars} with
     * the first half of the weights, {@code backward_layer/cell/vars} with the second.
     */
    @Override
    public List<LayerLayout.VarsGroup> weightGroups(KerasConfig config, String layerName, int weightCount) {
        String cell = config.object("layer").flatMap(l -> l.string("class_name")).map(KerasWeightGroups::snakeCase)
                .orElse("rnn") + "_cell";
        int forward = weightCount / 2;
        return List.of(new LayerLayout.VarsGroup(LayerLayout.VarsGroup.VARS, layerName, 0),
                new LayerLayout.VarsGroup(Bidirectional.FORWARD + "/" + LayerLayout.VarsGroup.CELL_VARS, cell,
                        forward),
                new LayerLayout.VarsGroup(Bidirectional.BACKWARD + "/" + LayerLayout.VarsGroup.CELL_VARS, cell,
                        weightCount - forward));
    }

    /**
     * {@code bidirectional/forward_lstm_1/kernel:0} → {@code forward_layer/kernel}: the direction from the last
     * {@code forward_...} or {@code backward_...} component before the weight's own name.
     */
    @Override
    public String legacyWeightName(String path) {
        String[] parts = path.split("/");
        String weight = ConfigReading.lastPathComponent(path);
        for (int i = parts.length - 2; i >= 0; i--) {
            if (parts[i].startsWith("forward_")) {
                return Bidirectional.FORWARD + "/" + weight;
            }
            if (parts[i].startsWith("backward_")) {
                return Bidirectional.BACKWARD + "/" + weight;
            }
        }
        return weight;
    }
}
