package dev.seqconv.api.keras;

import com.google.gson.JsonObject;
import dev.seqconv.api.layers.SimpleRNN;
import java.util.function.Consumer;

/**
 * Keras's {@code SimpleRNN}: units, activation, use_bias, dropout, recurrent_dropout, return_sequences; its weights
 * in {@code cell/vars}.
 */
final class SimpleRNNCodec extends RecurrentCodec<SimpleRNN> {

    SimpleRNNCodec() {
        super("SimpleRNN", SimpleRNN.class, false);
    }

    @Override
    public SimpleRNN read(KerasConfig c, ReadContext context) {
        return SimpleRNN.of(options(c, context));
    }

    @Override
    public void write(SimpleRNN layer, JsonObject c, Consumer<String> inexact) {
        writeOptions(c, layer.options(), inexact);
    }
}
