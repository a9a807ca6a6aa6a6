package dev.seqconv.api.keras;

import com.google.gson.JsonObject;
import dev.seqconv.api.layers.ActivationLayer;
import java.util.Set;
import java.util.function.Consumer;

/** Keras's {@code Activation} layer: activation. */
final class ActivationLayerCodec extends LayerCodec<ActivationLayer> {

    ActivationLayerCodec() {
        super("Activation", ActivationLayer.class, Set.of("activation"));
    }

    @Override
    public ActivationLayer read(KerasConfig c, ReadContext context) {
        return ActivationLayer.of(ConfigReading.activation(c, "activation", context));
    }

    @Override
    public void write(ActivationLayer layer, JsonObject c, Consumer<String> inexact) {
        c.addProperty("activation", ConfigWriting.activation("activation", layer.activation(), inexact));
    }
}
