package dev.seqconv.examples.arrays;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Arrays as JSON objects with one member holding nested lists, as {@code {"input": [[1, 2], [3, 4]]}}: every list
 * at one depth has the same length. Integers throughout (no fraction, no exponent) read as int32, any other
 * number makes the array float32.
 */
public final class JsonArrays {

    private JsonArrays() {
    }

    /** The array under {@code member} of the JSON object {@code text}; {@code source} names it in messages. */
    public static NdArray read(String text, String member, String source) {
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw bad(source, "it is not valid JSON (" + e.getMessage() + ")");
        }
        if (!root.isJsonObject() || !root.getAsJsonObject().has(member)) {
            throw bad(source, "it is not an object with a \"" + member + "\" member, as {\"" + member
                    + "\": [[...], ...]}");
        }
        List<Integer> dims = new ArrayList<>();
        JsonElement level = root.getAsJsonObject().get(member);
        while (level.isJsonArray()) {
            if (level.getAsJsonArray().isEmpty()) {
                throw bad(source, "it holds an empty list");
            }
            dims.add(level.getAsJsonArray().size());
            level = level.getAsJsonArray().get(0);
        }
        if (dims.isEmpty()) {
            throw bad(source, "\"" + member + "\" is not a list");
        }
        Shape shape = Shape.of(dims.stream().mapToInt(Integer::intValue).toArray());
        List<JsonPrimitive> values = new ArrayList<>(Math.toIntExact(shape.size()));
        flatten(root.getAsJsonObject().get(member), 0, shape, values, source, "");
        if (values.stream().allMatch(JsonArrays::isInteger)) {
            int[] ints = new int[values.size()];
            for (int i = 0; i < ints.length; i++) {
                ints[i] = values.get(i).getAsInt();
            }
            return NdArray.wrapInts(shape, ints);
        }
        float[] floats = new float[values.size()];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = values.get(i).getAsFloat();
        }
        return NdArray.wrapFloats(shape, floats);
    }

    /** {@code {"member": [...]}} holding {@code array} as nested lists. */
    public static String write(String member, NdArray array) {
        JsonObject root = new JsonObject();
        float[] values = array.toFloatArray();
        root.add(member, nest(values, array.shape().dims(), 0, new int[] {0}));
        return root + "\n";
    }

    private static void flatten(JsonElement element, int depth, Shape shape, List<JsonPrimitive> values, String source,
                                String path) {
        if (depth == shape.rank()) {
            if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isNumber()) {
                throw bad(source, "the value at " + path + " is " + element + ", not a number");
            }
            values.add(element.getAsJsonPrimitive());
            return;
        }
        if (!element.isJsonArray() || element.getAsJsonArray().size() != shape.dim(depth)) {
            throw bad(source, "the lists are ragged: " + (path.isEmpty() ? "the top level" : path) + " should be a "
                    + "list of " + shape.dim(depth) + ", as the first list at that depth is (shape " + shape + ")");
        }
        JsonArray list = element.getAsJsonArray();
        for (int i = 0; i < list.size(); i++) {
            flatten(list.get(i), depth + 1, shape, values, source, path + "[" + i + "]");
        }
    }

    private static boolean isInteger(JsonPrimitive value) {
        String text = value.getAsString();
        if (text.contains(".") || text.contains("e") || text.contains("E")) {
            return false;
        }
        BigDecimal number = value.getAsBigDecimal();
        return number.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) >= 0
                && number.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0;
    }

    private static JsonElement nest(float[] values, int[] dims, int depth, int[] next) {
        JsonArray list = new JsonArray(dims[depth]);
        for (int i = 0; i < dims[depth]; i++) {
            list.add(depth == dims.length - 1 ? new JsonPrimitive(values[next[0]++]) : nest(values, dims, depth + 1, next));
        }
        return list;
    }

    private static IllegalArgumentException bad(String source, String why) {
        return new IllegalArgumentException("Cannot read " + source + " as an array: " + why);
    }
}
