package dev.seqconv.api.keras;

import com.google.gson.JsonObject;
import dev.seqconv.api.layers.Flatten;
import java.util.Set;
import java.util.function.Consumer;

/** Keras's {@code Flatten}, channels_last. */
final class FlattenCodec extends LayerCodec<Flatten> {

    FlattenCodec() {
        super("Flatten", Flatten.class, Set.of());
    }

    @Override
    public Flatten read(KerasConfig c, ReadContext context) {
        return Flatten.of();
    }

    @Override
    public void write(Flatten layer, JsonObject c, Consumer<String> inexact) {
        c.addProperty("data_format", "channels_last");
    }
}
