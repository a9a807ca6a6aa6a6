package dev.seqconv.api.keras;

import com.google.gson.JsonObject;
import dev.seqconv.api.layers.Dense;
import java.util.Set;
import java.util.function.Consumer;

/** Keras's {@code Dense}: units, activation, use_bias. */
final class DenseCodec extends LayerCodec<Dense> {

    DenseCodec() {
        super("Dense", Dense.class, Set.of("units", "activation", "use_bias"));
    }

    @Override
    public Dense read(KerasConfig c, ReadContext context) {
        return Dense.of(ConfigReading.required(c, "units"), ConfigReading.activation(c, "activation", context))
                .withUseBias(ConfigReading.useBias(c));
    }

    @Override
    public void write(Dense d, JsonObject c, Consumer<String> inexact) {
        c.addProperty("units", d.units());
        c.addProperty("activation", ConfigWriting.activation("activation", d.activation(), inexact));
        c.addProperty("use_bias", d.useBias());
        ConfigWriting.initializers(c, "kernel", d.kernelInitializer(), "bias", d.biasInitializer());
    }
}
