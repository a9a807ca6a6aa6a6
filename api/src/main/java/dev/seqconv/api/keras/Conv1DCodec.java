package dev.seqconv.api.keras;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.seqconv.api.layers.Conv1D;
import java.util.Set;
import java.util.function.Consumer;

/** Keras's {@code Conv1D}: filters, kernel_size, strides, padding, dilation_rate, activation, use_bias. */
final class Conv1DCodec extends LayerCodec<Conv1D> {

    Conv1DCodec() {
        super("Conv1D", Conv1D.class, Set.of("filters", "kernel_size", "strides", "padding", "dilation_rate",
                "activation", "use_bias"));
    }

    @Override
    public Conv1D read(KerasConfig c, ReadContext context) {
        return Conv1D.of(ConfigReading.required(c, "filters"), ConfigReading.single(c, "kernel_size", 0),
                        ConfigReading.activation(c, "activation", context))
                .withStrides(ConfigReading.single(c, "strides", 1))
                .withDilationRate(ConfigReading.single(c, "dilation_rate", 1))
                .withPadding(ConfigReading.padding(c)).withUseBias(ConfigReading.useBias(c));
    }

    @Override
    public void write(Conv1D conv, JsonObject c, Consumer<String> inexact) {
        c.addProperty("filters", conv.filters());
        c.add("kernel_size", ConfigWriting.tuple(conv.kernelSize()));
        c.add("strides", ConfigWriting.tuple(conv.strides()));
        c.addProperty("padding", ConfigWriting.padding(conv.padding()));
        c.addProperty("data_format", "channels_last");
        c.add("dilation_rate", ConfigWriting.tuple(conv.dilationRate()));
        c.addProperty("groups", 1);
        c.addProperty("activation", ConfigWriting.activation("activation", conv.activation(), inexact));
        c.addProperty("use_bias", conv.useBias());
        ConfigWriting.initializers(c, "kernel", conv.kernelInitializer(), "bias", conv.biasInitializer());
        c.add("activity_regularizer", JsonNull.INSTANCE);
    }
}
