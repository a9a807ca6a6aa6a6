package dev.seqconv.api.keras;

import com.google.gson.JsonObject;
import dev.seqconv.api.layers.AveragePooling1D;
import dev.seqconv.api.layers.Layer;
import dev.seqconv.api.layers.MaxPooling1D;
import dev.seqconv.api.layers.Padding;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Keras's {@code MaxPooling1D} and {@code AveragePooling1D}: pool_size, strides (None means pool_size), padding.
 *
 * @param <L> the pooling layer
 */
final class Pooling1DCodec<L extends Layer> extends LayerCodec<L> {

    /** Makes the layer from pool size, strides and padding. */
    interface Factory<L> {
        L of(int poolSize, int strides, Padding padding);
    }

    /** Writes the layer's pool size, strides and padding in Keras 3's schema. */
    interface Window<L> {
        void write(L layer, JsonObject config);
    }

    static final Pooling1DCodec<MaxPooling1D> MAX = new Pooling1DCodec<>(MaxPooling1D.class,
            (size, strides, padding) -> MaxPooling1D.of(size).withStrides(strides).withPadding(padding),
            (p, c) -> write(c, p.poolSize(), p.strides(), p.padding()));
    static final Pooling1DCodec<AveragePooling1D> AVERAGE = new Pooling1DCodec<>(AveragePooling1D.class,
            (size, strides, padding) -> AveragePooling1D.of(size).withStrides(strides).withPadding(padding),
            (p, c) -> write(c, p.poolSize(), p.strides(), p.padding()));

    private final Factory<L> factory;
    private final Window<L> window;

    private Pooling1DCodec(Class<L> type, Factory<L> factory, Window<L> window) {
        super(type.getSimpleName(), type, Set.of("pool_size", "strides", "padding"));
        this.factory = factory;
        this.window = window;
    }

    @Override
    public L read(KerasConfig c, ReadContext context) {
        int poolSize = ConfigReading.single(c, "pool_size", 0);
        return factory.of(poolSize, ConfigReading.single(c, "strides", poolSize), ConfigReading.padding(c));
    }

    @Override
    public void write(L layer, JsonObject c, Consumer<String> inexact) {
        window.write(layer, c);
    }

    private static void write(JsonObject c, int poolSize, int strides, Padding padding) {
        c.add("pool_size", ConfigWriting.tuple(poolSize));
        c.addProperty("padding", ConfigWriting.padding(padding));
        c.add("strides", ConfigWriting.tuple(strides));
        c.addProperty("data_format", "channels_last");
    }
}
