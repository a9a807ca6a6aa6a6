package dev.seqconv.api.keras;

import com.google.gson.JsonObject;
import dev.seqconv.api.layers.Layer;
import dev.seqconv.api.layers.LayerBuild;
import dev.seqconv.api.layers.WeightSpec;
import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Describes a seqconv model as Keras 3 would save the same network: each layer's {@code config} in Keras 3's
 * schema as its codec writes it ({@link KerasLayerCodecs}: every setting seqconv has, Keras 3's values for the
 * rest), its weights in Keras's order and names. The rules are documented on the model package's
 * {@code KerasModels}.
 */
public final class KerasExport {

    /**
     * A layer of the model to describe.
     *
     * @param name  its unique name in the model
     * @param layer its configuration
     * @param build what it declared for its input: its weights, in order
     */
    public record Node(String name, Layer layer, LayerBuild build) {
    }

    /**
     * The model to describe.
     *
     * @param name       the model's name
     * @param inputShape one sample's shape
     * @param inputType  {@link DataType#INT32} for token ids
     * @param nodes      its layers in order
     */
    public record Model(String name, Shape inputShape, DataType inputType, List<Node> nodes) {

        public Model {
            nodes = List.copyOf(nodes);
        }
    }

    private KerasExport() {
    }

    /**
     * The description of {@code model} with {@code weights} (its weights flattened in layer order).
     *
     * @param file         names the target in refusals
     * @param writeInexact whether to describe a setting Keras 3 computes differently rather than refuse
     * @throws KerasFileException if a layer has no Keras 3 equivalent, or an inexact one without {@code writeInexact}
     */
    public static KerasModel describe(Model model, List<NdArray> weights, Path file, boolean writeInexact) {
        List<String> inexact = inexactSettings(model);
        if (!inexact.isEmpty() && !writeInexact) {
            throw new KerasFileException(file, "not written: " + String.join("; ", inexact) + ". Keras 3 would not "
                    + "predict what this model does; save with KerasModels.SaveOption.WRITE_INEXACT to write it "
                    + "anyway, or keep the model in seqconv's weights format");
        }
        List<KerasLayer> layers = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < model.nodes().size(); i++) {
            Node node = model.nodes().get(i);
            List<KerasWeight> values = new ArrayList<>();
            for (WeightSpec spec : node.build().weights()) {
                values.add(new KerasWeight(spec.name(), weights.get(next++)));
            }
            JsonObject config;
            try {
                config = KerasLayerCodecs.write(node.layer(), setting -> { });
            } catch (IllegalArgumentException e) {
                throw new KerasFileException(file, "not written: " + LayerLabel.of(node.name(),
                        node.layer().typeName(), i) + ": " + e.getMessage(), e);
            }
            config.addProperty("name", node.name());
            layers.add(new KerasLayer(KerasLayerCodecs.className(node.layer()), node.name(),
                    KerasConfig.parse(config.toString()), values));
        }
        String dtype = model.inputType() == DataType.INT32 ? "int32" : "float32";
        return new KerasModel(KerasFormat.KERAS_ARCHIVE, Optional.empty(), KerasModelClass.SEQUENTIAL, model.name(),
                new KerasInput(model.inputShape(), dtype), layers);
    }

    /**
     * Each setting of {@code model} that Keras 3 computes differently under the name it is saved with, as
     * {@code layer 'gru' (GRU, the 1st layer in model.summary()): recurrent_activation ...}; empty if Keras 3
     * computes the model exactly.
     */
    public static List<String> inexactSettings(Model model) {
        List<String> settings = new ArrayList<>();
        for (int i = 0; i < model.nodes().size(); i++) {
            Node node = model.nodes().get(i);
            String layer = LayerLabel.of(node.name(), node.layer().typeName(), i) + ": ";
            try {
                KerasLayerCodecs.write(node.layer(), setting -> settings.add(layer + setting));
            } catch (IllegalArgumentException noKerasLayer) {
                // not a question of exactness: describe refuses the layer
            }
        }
        return settings;
    }
}
