package dev.seqconv.api.keras;

import com.google.gson.JsonObject;
import dev.seqconv.api.io.LayerLayout;
import dev.seqconv.api.layers.Layer;
import dev.seqconv.api.layers.WeightSpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The one list of the layers seqconv reads from and writes to Keras files, each with its {@link KerasLayerCodec}.
 * Import, export, Keras 3's weight groups and the legacy weight names are loops over it: a layer that goes to and
 * from Keras files is one codec and one line here.
 */
public final class KerasLayerCodecs {

    private static final List<KerasLayerCodec<?>> CODECS = List.of(
            new DenseCodec(),
            new Conv1DCodec(),
            new EmbeddingCodec(),
            new DropoutCodec(),
            FixedConfigCodec.FLATTEN,
            Pooling1DCodec.MAX,
            Pooling1DCodec.AVERAGE,
            FixedConfigCodec.GLOBAL_MAX_POOLING,
            FixedConfigCodec.GLOBAL_AVERAGE_POOLING,
            new SimpleRNNCodec(),
            new LSTMCodec(),
            new GRUCodec(),
            new BatchNormalizationCodec(),
            new BidirectionalCodec(),
            new ActivationLayerCodec());

    private KerasLayerCodecs() {
    }

    /** Every codec, in registration order. */
    static List<KerasLayerCodec<?>> all() {
        return CODECS;
    }

    /** The codec reading Keras's class {@code className}, if seqconv has one. */
    static Optional<KerasLayerCodec<?>> forClassName(String className) {
        return CODECS.stream().filter(c -> c.className().equals(className)).findFirst();
    }

    /** The codec writing {@code layer}'s type, if Keras has an equal. */
    @SuppressWarnings("unchecked")
    static <L extends Layer> Optional<KerasLayerCodec<L>> forLayer(L layer) {
        return CODECS.stream().filter(c -> c.layerType() == layer.getClass()).findFirst()
                .map(c -> (KerasLayerCodec<L>) c);
    }

    /** Keras's class names seqconv reads, sorted. */
    static Set<String> classNames() {
        return CODECS.stream().map(KerasLayerCodec::className).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The seqconv layer for a Keras layer, named as in the file.
     *
     * @throws IllegalArgumentException if seqconv has no such layer, or cannot compute the config as Keras does
     */
    static Layer read(KerasLayer layer, KerasLayerCodec.ReadContext context) {
        KerasLayerCodec<?> codec = forClassName(layer.className()).orElseThrow(() -> new IllegalArgumentException(
                "seqconv has no layer " + layer.className() + "; it runs " + classNames() + " in a single chain"));
        ConfigReading.checkKeys(layer.config(), codec.keys());
        return codec.read(layer.config(), context).withName(layer.name());
    }

    /**
     * The layer's config in Keras 3's schema, its name left to the caller.
     *
     * @param inexact told of each setting Keras 3 computes differently
     * @throws IllegalArgumentException if Keras has no layer of the layer's type
     */
    static <L extends Layer> JsonObject write(L layer, Consumer<String> inexact) {
        KerasLayerCodec<L> codec = forLayer(layer).orElseThrow(() -> new IllegalArgumentException("Keras has no "
                + "layer of this class; seqconv writes its built-in layers only"));
        JsonObject config = ConfigWriting.common();
        codec.write(layer, config, inexact);
        return config;
    }

    /** Keras's class name of {@code layer}: its codec's, or its own type name for a layer Keras does not have. */
    static String className(Layer layer) {
        return forLayer(layer).map(KerasLayerCodec::className).orElse(layer.typeName());
    }

    /**
     * The {@code vars} groups Keras 3 keeps the weights of {@code layer} in: its codec's; for a class without
     * one, the layer's own {@code vars}.
     */
    static List<LayerLayout.VarsGroup> weightGroups(KerasLayer layer, int weightCount) {
        String layerName = layer.name();
        return forClassName(layer.className()).map(c -> c.weightGroups(layer.config(), layerName, weightCount))
                .orElseGet(() -> List.of(new LayerLayout.VarsGroup(LayerLayout.VarsGroup.VARS, layerName,
                        weightCount)));
    }

    /** The seqconv name of the weight a legacy file lists at {@code path} for a layer of class {@code className}. */
    static String legacyWeightName(String className, String path) {
        return forClassName(className).map(c -> c.legacyWeightName(path))
                .orElseGet(() -> ConfigReading.lastPathComponent(path));
    }

    /**
     * A layer of a seqconv model as the weight files see it: its name, Keras class name, weights and the
     * {@code vars} groups Keras 3 keeps them in.
     */
    public static LayerLayout weightsLayout(String name, Layer layer, List<WeightSpec> weights) {
        List<LayerLayout.Variable> variables = weights.stream()
                .map(w -> new LayerLayout.Variable(w.name(), w.shape())).toList();
        return forLayer(layer).map(codec -> {
            KerasLayer keras = new KerasLayer(codec.className(), name, KerasConfig.of(write(layer, inexact -> { })),
                    List.of());
            return new LayerLayout(name, codec.className(), variables, weightGroups(keras, weights.size()));
        }).orElseGet(() -> new LayerLayout(name, layer.typeName(), variables));
    }
}
