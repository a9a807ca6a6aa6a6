package dev.seqconv.it;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.seqconv.api.keras.KerasModelsFolder;
import dev.seqconv.api.model.KerasModels;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The twelve real Keras model files in the folder the system property {@code seqconv.keras.models.dir} names
 * (the build sets it to {@code ../shared/keras-models}), each described by {@code <slug>.json}: the file, the
 * input batch and Keras's expected output.
 */
final class KerasRealModels {

    /** One described file: its slug and description. */
    record Described(String slug, JsonObject json) {

        Path file() {
            return KerasModelsFolder.directory().resolve(json.get("file").getAsString());
        }

        /** The model, loaded by seqconv: with its to_json() text for a weights file, at T = 30 where unspecified. */
        Sequential load() {
            if (json.has("config_file")) {
                return KerasModels.load(file(), KerasModelsFolder.directory().resolve(json.get("config_file").getAsString()));
            }
            JsonObject spec = json.getAsJsonObject("input_spec");
            boolean unspecified = spec != null && spec.has("time_dim_none_replaced_by_30")
                    && spec.get("time_dim_none_replaced_by_30").getAsBoolean();
            return unspecified ? KerasModels.load(file(), 30) : KerasModels.load(file());
        }

        NdArray input() {
            return array(json.get("input"), true);
        }

        NdArray expectedOutput() {
            return array(json.get("expected_output"), false);
        }

        @Override
        public String toString() {
            return slug;
        }
    }

    private KerasRealModels() {
    }

    /** Every described file; an empty list when the folder is absent. */
    static List<Described> all() {
        if (!Files.isDirectory(KerasModelsFolder.directory())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(KerasModelsFolder.directory())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json") && !n.endsWith(".model.json")).sorted()
                    .map(n -> n.substring(0, n.length() - ".json".length())).map(KerasRealModels::get).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Described get(String slug) {
        try {
            return new Described(slug, JsonParser.parseString(Files.readString(KerasModelsFolder.directory().resolve(slug + ".json")))
                    .getAsJsonObject());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A nested JSON array as an array: int32 where {@code ints} allows and every value is an integer. */
    private static NdArray array(JsonElement json, boolean ints) {
        List<Integer> dims = new ArrayList<>();
        for (JsonElement e = json; e.isJsonArray(); e = e.getAsJsonArray().get(0)) {
            dims.add(e.getAsJsonArray().size());
        }
        List<JsonElement> values = new ArrayList<>();
        flatten(json, values);
        Shape shape = Shape.of(dims.stream().mapToInt(Integer::intValue).toArray());
        boolean integral = ints && values.stream().allMatch(v -> v.getAsString().matches("-?\\d+"));
        if (integral) {
            return NdArray.wrapInts(shape, values.stream().mapToInt(JsonElement::getAsInt).toArray());
        }
        float[] floats = new float[values.size()];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = (float) values.get(i).getAsDouble();
        }
        return NdArray.wrapFloats(shape, floats);
    }

    private static void flatten(JsonElement json, List<JsonElement> out) {
        if (json instanceof JsonArray array) {
            array.forEach(e -> flatten(e, out));
        } else {
            out.add(json);
        }
    }
}
