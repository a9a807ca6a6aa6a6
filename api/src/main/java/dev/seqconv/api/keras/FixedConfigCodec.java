package dev.seqconv.api.keras;

import com.google.gson.JsonObject;
import dev.seqconv.api.layers.Flatten;
import dev.seqconv.api.layers.GlobalAveragePooling1D;
import dev.seqconv.api.layers.GlobalMaxPooling1D;
import dev.seqconv.api.layers.Layer;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A layer whose Keras config sets nothing seqconv reads: {@code Flatten} (channels_last), {@code GlobalMaxPooling1D}
 * and {@code GlobalAveragePooling1D} (channels_last, without keepdims). Any other value of those keys is refused
 * by the keys every codec checks; written, the config holds Keras 3's values for them.
 *
 * @param <L> the layer
 */
final class FixedConfigCodec<L extends Layer> extends LayerCodec<L> {

    static final FixedConfigCodec<Flatten> FLATTEN = new FixedConfigCodec<>(Flatten.class, Flatten::of, c -> { });
    static final FixedConfigCodec<GlobalMaxPooling1D> GLOBAL_MAX_POOLING =
            new FixedConfigCodec<>(GlobalMaxPooling1D.class, GlobalMaxPooling1D::of, FixedConfigCodec::withoutKeepdims);
    static final FixedConfigCodec<GlobalAveragePooling1D> GLOBAL_AVERAGE_POOLING = new FixedConfigCodec<>(
            GlobalAveragePooling1D.class, GlobalAveragePooling1D::of, FixedConfigCodec::withoutKeepdims);

    private final Supplier<L> factory;
    private final Consumer<JsonObject> ownKeys;

    /** @param ownKeys writes the class's keys besides {@code data_format} */
    private FixedConfigCodec(Class<L> type, Supplier<L> factory, Consumer<JsonObject> ownKeys) {
        super(type.getSimpleName(), type, Set.of());
        this.factory = factory;
        this.ownKeys = ownKeys;
    }

    private static void withoutKeepdims(JsonObject c) {
        c.addProperty("keepdims", false);
    }

    @Override
    public L read(KerasConfig c, ReadContext context) {
        return factory.get();
    }

    @Override
    public void write(L layer, JsonObject c, Consumer<String> inexact) {
        c.addProperty("data_format", "channels_last");
        ownKeys.accept(c);
    }
}
