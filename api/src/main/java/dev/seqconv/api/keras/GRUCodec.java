package dev.seqconv.api.keras;

import com.google.gson.JsonObject;
import dev.seqconv.api.io.LayerLayout;
import dev.seqconv.api.layers.GRU;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Keras's {@code GRU}: the options of SimpleRNN with recurrent_activation, and reset_after (absent means False, as
 * in Keras 2.0); its weights in {@code cell/vars}.
 */
final class GRUCodec implements KerasLayerCodec<GRU> {

    private static final Set<String> KEYS = RecurrentConfig.keys(true, "reset_after");

    @Override
    public String className() {
        return "GRU";
    }

    @Override
    public Class<GRU> layerType() {
        return GRU.class;
    }

    @Override
    public Set<String> keys() {
        return KEYS;
    }

    @Override
    public GRU read(KerasConfig c, ReadContext context) {
        return GRU.of(RecurrentConfig.read(c, true, context)).withResetAfter(c.bool("reset_after").orElse(false));
    }

    @Override
    public void write(GRU layer, JsonObject c, Consumer<String> inexact) {
        RecurrentConfig.write(c, layer.options(), true, inexact);
        c.addProperty("reset_after", layer.resetAfter());
    }

    @Override
    public List<LayerLayout.VarsGroup> weightGroups(KerasConfig config, String layerName, int weightCount) {
        return RecurrentConfig.cellGroups(className(), layerName, weightCount);
    }
}
