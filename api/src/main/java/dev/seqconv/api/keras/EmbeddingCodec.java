package dev.seqconv.api.keras;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.seqconv.api.layers.Embedding;
import java.util.Set;
import java.util.function.Consumer;

/** Keras's {@code Embedding}: input_dim, output_dim. */
final class EmbeddingCodec extends LayerCodec<Embedding> {

    EmbeddingCodec() {
        super("Embedding", Embedding.class, Set.of("input_dim", "output_dim"));
    }

    @Override
    public Embedding read(KerasConfig c, ReadContext context) {
        return Embedding.of(ConfigReading.required(c, "input_dim"), ConfigReading.required(c, "output_dim"));
    }

    @Override
    public void write(Embedding e, JsonObject c, Consumer<String> inexact) {
        c.addProperty("input_dim", e.inputDim());
        c.addProperty("output_dim", e.outputDim());
        ConfigWriting.initializers(c, "embeddings", e.initializer());
        c.add("activity_regularizer", JsonNull.INSTANCE);
        c.addProperty("mask_zero", false);
    }
}
