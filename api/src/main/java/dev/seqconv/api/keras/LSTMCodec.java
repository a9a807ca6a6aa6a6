package dev.seqconv.api.keras;

import com.google.gson.JsonObject;
import dev.seqconv.api.layers.LSTM;
import java.util.function.Consumer;

/**
 * Keras's {@code LSTM}: the options of SimpleRNN with recurrent_activation, and unit_forget_bias; its weights in
 * {@code cell/vars}.
 */
final class LSTMCodec extends RecurrentCodec<LSTM> {

    LSTMCodec() {
        super("LSTM", LSTM.class, true, "unit_forget_bias");
    }

    @Override
    public LSTM read(KerasConfig c, ReadContext context) {
        return LSTM.of(options(c, context))
                .withUnitForgetBias(c.bool("unit_forget_bias").orElse(true));
    }

    @Override
    public void write(LSTM layer, JsonObject c, Consumer<String> inexact) {
        writeOptions(c, layer.options(), inexact);
        c.addProperty("unit_forget_bias", layer.unitForgetBias());
    }
}
