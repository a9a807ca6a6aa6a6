package dev.seqconv.api.keras;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.seqconv.api.ndarray.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A model's configuration JSON (Keras 3's {@code config.json} and {@code to_json()}, the legacy file's
 * {@code model_config}) read as a chain of layers without weights. Accepts {@code Sequential} (its config an
 * object with {@code layers}, or in Keras 2.0-2.1 the list of layers itself) and functional models
 * ({@code Model}, {@code Functional}) that are a single chain; refuses anything else by name.
 */
final class KerasModelConfig {

    private static final Set<String> MODELS = Set.of("Sequential", "Model", "Functional");
    private static final String CHAIN_ONLY = "seqconv reads Sequential models and functional models that are a "
            + "single chain (an InputLayer, then layers each taking only the previous layer's output)";

    private KerasModelConfig() {
    }

    /**
     * The model the JSON describes, with no weights yet.
     *
     * @param file    the file it came from, for messages
     * @param version the Keras version recorded elsewhere in the file; if empty, the JSON's own
     *                {@code keras_version} (Keras 2's {@code to_json()} has one)
     */
    static KerasModel parse(Path file, String json, KerasFormat format, Optional<String> version) {
        JsonObject root;
        try {
            root = JsonParser.parseString(json).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new KerasFileException(file, "the model configuration is not a JSON object (" + e.getMessage()
                    + "): the file is truncated or corrupt", e);
        }
        try {
            return parse(file, root, format, version.isPresent() ? version : string(root, "keras_version"));
        } catch (KerasFileException e) {
            throw e;
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            throw new KerasFileException(file, "the model configuration is not in Keras's schema: "
                    + e.getMessage(), e);
        }
    }

    private static KerasModel parse(Path file, JsonObject root, KerasFormat format, Optional<String> version) {
        String modelClass = string(root, "class_name").orElseThrow(() -> new KerasFileException(file,
                "the model configuration has no class_name: it is not a Keras model configuration"));
        if (!MODELS.contains(modelClass)) {
            throw new KerasFileException(file, "the model is a '" + modelClass + "' (a subclassed model stores no "
                    + "layer graph); " + CHAIN_ONLY);
        }
        JsonElement config = root.get("config");
        JsonArray layerList = config != null && config.isJsonArray() ? config.getAsJsonArray()
                : member(file, config, "layers").getAsJsonArray();
        JsonObject modelConfig = config.isJsonObject() ? config.getAsJsonObject() : new JsonObject();
        boolean sequential = modelClass.equals("Sequential");
        KerasModelClass kind = sequential ? KerasModelClass.SEQUENTIAL : KerasModelClass.FUNCTIONAL;
        List<KerasLayer> layers = new ArrayList<>();
        for (JsonElement element : layerList) {
            layers.add(layer(file, element.getAsJsonObject(), layers.size()));
            if (MODELS.contains(layers.get(layers.size() - 1).className())) {
                throw new KerasFileException(file, LayerLabel.of(kind, layers, layers.size() - 1) + " is a nested "
                        + "model; " + CHAIN_ONLY + ". Rebuild the model with the nested model's layers inline and "
                        + "save it again");
            }
        }
        if (layers.isEmpty()) {
            throw new KerasFileException(file, "the model has no layers");
        }
        if (sequential) {
            for (int i = 1; i < layers.size(); i++) {
                if (layers.get(i).isInputLayer()) {
                    throw new KerasFileException(file, LayerLabel.of(kind, layers, i) + " is an InputLayer after "
                            + "the first layer; " + CHAIN_ONLY);
                }
            }
        } else {
            checkChain(file, modelConfig, layerList, layers);
        }
        String name = string(modelConfig, "name").orElse(sequential ? "sequential" : "functional");
        return new KerasModel(format, version, kind, name, input(file, root, modelConfig, layerList, layers), layers);
    }

    /** @param position the layer's place in the configuration's list, counting from 0 */
    private static KerasLayer layer(Path file, JsonObject json, int position) {
        String entry = "the " + LayerLabel.ordinal(position + 1) + " entry of the configuration's layers";
        String className = string(json, "class_name").orElseThrow(() -> new KerasFileException(file,
                entry + " has no class_name"));
        if (json.get("config") == null || !json.get("config").isJsonObject()) {
            throw new KerasFileException(file, entry + " (" + className + ") has no config object");
        }
        KerasConfig config = KerasConfig.of(json.getAsJsonObject("config"));
        String name = config.string("name").or(() -> string(json, "name")).orElseThrow(() ->
                new KerasFileException(file, entry + " (" + className + ") has no name"));
        return new KerasLayer(className, name, config, List.of());
    }

    /** Refuses a functional model unless each layer takes only the previous one's output. */
    private static void checkChain(Path file, JsonObject modelConfig, JsonArray json, List<KerasLayer> layers) {
        if (!layers.get(0).isInputLayer()) {
            throw new KerasFileException(file, "the functional model's first layer is "
                    + LayerLabel.of(KerasModelClass.FUNCTIONAL, layers, 0) + ", not an InputLayer; " + CHAIN_ONLY);
        }
        for (int i = 0; i < layers.size(); i++) {
            JsonElement nodes = json.get(i).getAsJsonObject().get("inbound_nodes");
            List<String> inputs = new ArrayList<>();
            if (nodes != null && nodes.isJsonArray()) {
                if (nodes.getAsJsonArray().size() > 1) {
                    throw new KerasFileException(file, LayerLabel.of(KerasModelClass.FUNCTIONAL, layers, i)
                            + " is called " + nodes.getAsJsonArray().size() + " times (a shared layer); " + CHAIN_ONLY);
                }
                nodes.getAsJsonArray().forEach(node -> references(node, inputs));
            }
            List<String> chain = i == 0 ? List.of() : List.of(layers.get(i - 1).name() + "[0][0]");
            if (!inputs.equals(chain)) {
                throw new KerasFileException(file, "the functional model is not a single chain: "
                        + LayerLabel.of(KerasModelClass.FUNCTIONAL, layers, i) + " takes " + inputs
                        + " where a chain takes " + chain + "; " + CHAIN_ONLY);
            }
        }
        endpoint(file, modelConfig, "input_layers", layers.get(0));
        endpoint(file, modelConfig, "output_layers", layers.get(layers.size() - 1));
    }

    private static void endpoint(Path file, JsonObject modelConfig, String key, KerasLayer layer) {
        JsonElement value = modelConfig.get(key);
        List<String> names = new ArrayList<>();
        if (value != null && value.isJsonArray() && !value.getAsJsonArray().isEmpty()
                && value.getAsJsonArray().get(0).isJsonPrimitive()) {
            names.add(reference(value.getAsJsonArray()));
        } else if (value != null && value.isJsonArray()) {
            value.getAsJsonArray().forEach(ref -> names.add(reference(ref.getAsJsonArray())));
        }
        if (!names.equals(List.of(layer.name() + "[0][0]"))) {
            throw new KerasFileException(file, "the functional model's " + key + " are " + names + ", not just '"
                    + layer.name() + "'; " + CHAIN_ONLY);
        }
    }

    /**
     * Collects the tensors a call node takes, as {@code name[node][tensor]}: Keras 2 writes a node as a list of
     * {@code [name, node, tensor, kwargs]}, Keras 3 as {@code {args, kwargs}} holding {@code __keras_tensor__}
     * objects with a {@code keras_history}.
     */
    private static void references(JsonElement node, List<String> into) {
        if (node.isJsonArray()) {
            node.getAsJsonArray().forEach(entry -> into.add(reference(entry.getAsJsonArray())));
        } else {
            kerasTensors(node, into);
        }
    }

    private static void kerasTensors(JsonElement element, List<String> into) {
        if (element.isJsonArray()) {
            element.getAsJsonArray().forEach(e -> kerasTensors(e, into));
        } else if (element.isJsonObject()) {
            JsonObject object = element.getAsJsonObject();
            if ("__keras_tensor__".equals(string(object, "class_name").orElse(null))) {
                into.add(reference(object.getAsJsonObject("config").getAsJsonArray("keras_history")));
            } else {
                object.entrySet().forEach(e -> kerasTensors(e.getValue(), into));
            }
        }
    }

    private static String reference(JsonArray ref) {
        return ref.get(0).getAsString() + "[" + ref.get(1).getAsInt() + "][" + ref.get(2).getAsInt() + "]";
    }

    /** The declared input, from the first place that declares it (see {@link KerasInput}). */
    private static KerasInput input(Path file, JsonObject root, JsonObject modelConfig, JsonArray json,
                                    List<KerasLayer> layers) {
        KerasConfig first = layers.get(0).config();
        String dtype = dtype(first);
        for (String key : List.of("batch_shape", "batch_input_shape")) {
            if (first.has(key) && !first.isNull(key)) {
                return new KerasInput(shape(first.intList(key).orElseThrow()), dtype);
            }
        }
        JsonObject build = root.getAsJsonObject("build_config");
        JsonObject layerBuild = json.get(0).getAsJsonObject().getAsJsonObject("build_config");
        for (JsonObject holder : new JsonObject[]{modelConfig, build, layerBuild}) {
            for (String key : List.of("build_input_shape", "input_shape")) {
                if (holder != null && holder.has(key) && holder.get(key).isJsonArray()) {
                    return new KerasInput(shape(KerasConfig.of(holder).intList(key).orElseThrow()), dtype);
                }
            }
        }
        throw new KerasFileException(file, "the model declares no input shape (no InputLayer, batch_input_shape or "
                + "build_config): it was saved before it was built, so it has no weights to read");
    }

    private static Shape shape(List<Integer> batchShape) {
        if (batchShape.size() < 2) {
            throw new IllegalArgumentException("the input shape " + batchShape + " has no dimension besides the batch");
        }
        return Shape.of(batchShape.subList(1, batchShape.size()).stream()
                .mapToInt(d -> d == null ? Shape.UNKNOWN : d).toArray());
    }

    /** A dtype written as a string, or as a policy object ({@code DTypePolicy}, tf.keras's {@code Policy}). */
    private static String dtype(KerasConfig config) {
        if (config.isObject("dtype")) {
            return config.object("dtype").flatMap(p -> p.object("config")).flatMap(c -> c.string("name"))
                    .orElse("float32");
        }
        return config.string("dtype").orElse("float32");
    }

    private static Optional<String> string(JsonObject json, String key) {
        JsonElement value = json.get(key);
        return value != null && value.isJsonPrimitive() ? Optional.of(value.getAsString()) : Optional.empty();
    }

    private static JsonElement member(Path file, JsonElement holder, String key) {
        if (holder == null || !holder.isJsonObject() || holder.getAsJsonObject().get(key) == null) {
            throw new KerasFileException(file, "the model configuration has no '" + key + "'");
        }
        return holder.getAsJsonObject().get(key);
    }
}
