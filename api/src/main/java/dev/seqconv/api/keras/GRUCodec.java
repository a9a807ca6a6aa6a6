package dev.seqconv.api.keras;

import com.google.gson.JsonObject;
import dev.seqconv.api.layers.GRU;
import java.util.function.Consumer;

/**
 * Keras's {@code GRU}: the options of SimpleRNN with recurrent_activation, and reset_after (absent means False, as
 * in Keras 2.0); its weights in {@code cell/vars}.
 */
final class GRUCodec extends RecurrentCodec<GRU> {

    GRUCodec() {
        super("GRU", GRU.class, true, "reset_after");
    }

    @Override
    public GRU read(KerasConfig c, ReadContext context) {
        return GRU.of(options(c, context)).withResetAfter(c.bool("reset_after").orElse(false));
    }

    @Override
    public void write(GRU layer, JsonObject c, Consumer<String> inexact) {
        writeOptions(c, layer.options(), inexact);
        c.addProperty("reset_after", layer.resetAfter());
    }
}
