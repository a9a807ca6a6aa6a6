package dev.seqconv.api.keras;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.seqconv.api.layers.Dropout;
import java.util.Set;
import java.util.function.Consumer;

/** Keras's {@code Dropout}: rate; a {@code noise_shape} other than None is refused. */
final class DropoutCodec extends LayerCodec<Dropout> {

    DropoutCodec() {
        super("Dropout", Dropout.class, Set.of("rate", "noise_shape"));
    }

    @Override
    public Dropout read(KerasConfig c, ReadContext context) {
        if (!c.isNull("noise_shape") && c.has("noise_shape")) {
            throw new IllegalArgumentException("noise_shape " + c.intList("noise_shape").orElseThrow()
                    + " is not modelled by seqconv; only noise_shape=None is supported");
        }
        return Dropout.of(c.decimal("rate").orElseThrow(() -> ConfigReading.missing("rate")));
    }

    @Override
    public void write(Dropout d, JsonObject c, Consumer<String> inexact) {
        c.addProperty("rate", d.rate());
        c.add("seed", JsonNull.INSTANCE);
        c.add("noise_shape", JsonNull.INSTANCE);
    }
}
