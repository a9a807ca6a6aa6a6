package dev.seqconv.api.keras;

import com.google.gson.JsonObject;
import dev.seqconv.api.io.LayerLayout;
import dev.seqconv.api.layers.LSTM;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Keras's {@code LSTM}: the options of SimpleRNN with recurrent_activation, and unit_forget_bias; its weights in
 * {@code cell/vars}.
 */
final class LSTMCodec implements KerasLayerCodec<LSTM> {

    private static final Set<String> KEYS = RecurrentConfig.keys(true, "unit_forget_bias");

    @Override
    public String className() {
        return "LSTM";
    }

    @Override
    public Class<LSTM> layerType() {
        return LSTM.class;
    }

    @Override
    public Set<String> keys() {
        return KEYS;
    }

    @Override
    public LSTM read(KerasConfig c, ReadContext context) {
        return LSTM.of(RecurrentConfig.read(c, true, context))
                .withUnitForgetBias(c.bool("unit_forget_bias").orElse(true));
    }

    @Override
    public void write(LSTM layer, JsonObject c, Consumer<String> inexact) {
        RecurrentConfig.write(c, layer.options(), true, inexact);
        c.addProperty("unit_forget_bias", layer.unitForgetBias());
    }

    @Override
    public List<LayerLayout.VarsGroup> weightGroups(KerasConfig config, String layerName, int weightCount) {
        return RecurrentConfig.cellGroups(className(), layerName, weightCount);
    }
}
