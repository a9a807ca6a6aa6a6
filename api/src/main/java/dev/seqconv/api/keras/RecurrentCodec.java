package dev.seqconv.api.keras;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.seqconv.api.io.KerasWeightGroups;
import dev.seqconv.api.io.LayerLayout;
import dev.seqconv.api.layers.RecurrentLayer;
import dev.seqconv.api.layers.RecurrentOptions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the codecs of SimpleRNN, LSTM and GRU share: the options of {@link RecurrentOptions} (units, activation,
 * recurrent_activation for the gated ones, use_bias, dropout, recurrent_dropout, return_sequences, go_backwards)
 * and their weights in Keras 3's {@code cell/vars}.
 *
 * @param <L> the recurrent layer
 */
abstract class RecurrentCodec<L extends RecurrentLayer> extends LayerCodec<L> {

    private final boolean gated;

    /**
     * @param gated whether the layer has gates, and so a {@code recurrent_activation}
     * @param extra the config keys of the class's own settings
     */
    RecurrentCodec(String className, Class<L> layerType, boolean gated, String... extra) {
        super(className, layerType, keys(gated, extra));
        this.gated = gated;
    }

    private static Set<String> keys(boolean gated, String... extra) {
        Set<String> keys = new HashSet<>(Set.of("units", "activation", "use_bias", "dropout", "recurrent_dropout",
                "return_sequences", "go_backwards"));
        if (gated) {
            keys.add("recurrent_activation");
        }
        keys.addAll(List.of(extra));
        return Set.copyOf(keys);
    }

    /** The options the config sets. */
    final RecurrentOptions options(KerasConfig c, ReadContext context) {
        RecurrentOptions.Builder options = RecurrentOptions.builder(ConfigReading.required(c, "units"))
                .activation(ConfigReading.activation(c, "activation", context))
                .useBias(ConfigReading.useBias(c))
                .dropout(c.decimal("dropout").orElse(0.0))
                .recurrentDropout(c.decimal("recurrent_dropout").orElse(0.0))
                .returnSequences(c.bool("return_sequences").orElse(false))
                .goBackwards(c.bool("go_backwards").orElse(false));
        if (gated) {
            options.recurrentActivation(ConfigReading.activation(c, "recurrent_activation", context));
        }
        return options.build();
    }

    /** Writes the options, the class's own settings left to the caller. */
    final void writeOptions(JsonObject c, RecurrentOptions o, Consumer<String> inexact) {
        c.addProperty("units", o.units());
        c.addProperty("activation", ConfigWriting.activation("activation", o.activation(), inexact));
        if (gated) {
            c.addProperty("recurrent_activation", ConfigWriting.activation("recurrent_activation",
                    o.recurrentActivation(), inexact));
        }
        c.addProperty("use_bias", o.useBias());
        ConfigWriting.initializers(c, "kernel", o.kernelInitializer(), "recurrent", o.recurrentInitializer(), "bias",
                o.biasInitializer());
        c.add("activity_regularizer", JsonNull.INSTANCE);
        c.addProperty("dropout", o.dropout());
        c.addProperty("recurrent_dropout", o.recurrentDropout());
        c.addProperty("return_sequences", o.returnSequences());
        c.addProperty("return_state", false);
        c.addProperty("go_backwards", o.goBackwards());
        c.addProperty("stateful", false);
        c.addProperty("unroll", false);
        c.addProperty("zero_output_for_mask", false);
        c.add("seed", JsonNull.INSTANCE);
    }

    /**
     * Keras 3 keeps a recurrent layer's weights in its cell: an empty {@code vars} named after the layer, then
     * {@code cell/vars} named {@code <class>_cell}.
     */
    @Override
    public final List<LayerLayout.VarsGroup> weightGroups(KerasConfig config, String layerName, int weightCount) {
        return List.of(new LayerLayout.VarsGroup(LayerLayout.VarsGroup.VARS, layerName, 0),
                new LayerLayout.VarsGroup(LayerLayout.VarsGroup.CELL_VARS,
                        KerasWeightGroups.snakeCase(className()) + "_cell", weightCount));
    }
}
