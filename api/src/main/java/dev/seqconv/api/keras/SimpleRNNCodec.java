package dev.seqconv.api.keras;

import com.google.gson.JsonObject;
import dev.seqconv.api.io.LayerLayout;
import dev.seqconv.api.layers.SimpleRNN;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Keras's {@code SimpleRNN}: units, activation, use_bias, dropout, recurrent_dropout, return_sequences; its weights
 * in {@code cell/vars}.
 */
final class SimpleRNNCodec implements KerasLayerCodec<SimpleRNN> {

    private static final Set<String> KEYS = RecurrentConfig.keys(false);

    @Override
    public String className() {
        return "SimpleRNN";
    }

    @Override
    public Class<SimpleRNN> layerType() {
        return SimpleRNN.class;
    }

    @Override
    public Set<String> keys() {
        return KEYS;
    }

    @Override
    public SimpleRNN read(KerasConfig c, ReadContext context) {
        return SimpleRNN.of(RecurrentConfig.read(c, false, context));
    }

    @Override
    public void write(SimpleRNN layer, JsonObject c, Consumer<String> inexact) {
        RecurrentConfig.write(c, layer.options(), false, inexact);
    }

    @Override
    public List<LayerLayout.VarsGroup> weightGroups(KerasConfig config, String layerName, int weightCount) {
        return RecurrentConfig.cellGroups(className(), layerName, weightCount);
    }
}
