package dev.seqconv.api.keras;

import com.google.gson.JsonObject;
import dev.seqconv.api.layers.GlobalAveragePooling1D;
import dev.seqconv.api.layers.GlobalMaxPooling1D;
import dev.seqconv.api.layers.Layer;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keras's {@code GlobalMaxPooling1D} and {@code GlobalAveragePooling1D}, channels_last without keepdims.
 *
 * @param <L> the pooling layer
 */
final class GlobalPooling1DCodec<L extends Layer> extends LayerCodec<L> {

    static final GlobalPooling1DCodec<GlobalMaxPooling1D> MAX =
            new GlobalPooling1DCodec<>(GlobalMaxPooling1D.class, GlobalMaxPooling1D::of);
    static final GlobalPooling1DCodec<GlobalAveragePooling1D> AVERAGE =
            new GlobalPooling1DCodec<>(GlobalAveragePooling1D.class, GlobalAveragePooling1D::of);

    private final Supplier<L> factory;

    private GlobalPooling1DCodec(Class<L> type, Supplier<L> factory) {
        super(type.getSimpleName(), type, Set.of());
        this.factory = factory;
    }

    @Override
    public L read(KerasConfig c, ReadContext context) {
        return factory.get();
    }

    @Override
    public void write(L layer, JsonObject c, Consumer<String> inexact) {
        c.addProperty("data_format", "channels_last");
        c.addProperty("keepdims", false);
    }
}
