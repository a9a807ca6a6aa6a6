package dev.seqconv.api.keras;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A read-only view of a JSON object from a Keras configuration, e.g. a layer's {@code config}, with typed
 * accessors. A key that is absent and a key whose value is JSON {@code null} (Keras's {@code None}) both give
 * an empty result; {@link #has} and {@link #isNull} tell them apart. A value of another type than asked for is
 * an error, never a guess.
 */
public final class KerasConfig {

    private final JsonObject json;

    private KerasConfig(JsonObject json) {
        this.json = json;
    }

    /**
     * The object in {@code json}.
     *
     * @throws IllegalArgumentException if it is not a JSON object
     */
    public static KerasConfig parse(String json) {
        try {
            return of(JsonParser.parseString(json).getAsJsonObject());
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
        }
    }

    /** A view of a copy of {@code json}. */
    static KerasConfig of(JsonObject json) {
        return new KerasConfig(json.deepCopy());
    }

    /** The keys, in the file's order. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(json.keySet());
    }

    /** Whether the key is present, with any value including {@code null}. */
    public boolean has(String key) {
        return json.has(key);
    }

    /** Whether the key is present with the value {@code null}. */
    public boolean isNull(String key) {
        return json.has(key) && json.get(key).isJsonNull();
    }

    /** Whether the key is present with an object value, as Keras 3 writes a dtype policy where Keras 2 wrote a string. */
    public boolean isObject(String key) {
        return json.has(key) && json.get(key).isJsonObject();
    }

    /** A string value. */
    public Optional<String> string(String key) {
        return value(key, "a string", e -> e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null);
    }

    /** An integer value (a JSON number without fraction that fits an int). */
    public Optional<Integer> integer(String key) {
        return value(key, "an integer", KerasConfig::exactInt);
    }

    /** A number value. */
    public Optional<Double> decimal(String key) {
        return value(key, "a number", e -> isNumber(e) ? e.getAsDouble() : null);
    }

    /** A boolean value. */
    public Optional<Boolean> bool(String key) {
        return value(key, "a boolean", e -> e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean() ? e.getAsBoolean() : null);
    }

    /**
     * A list of integers, as Keras writes shapes and tuples ({@code kernel_size: [3]}); an element is
     * {@code null} where Keras writes {@code None} ({@code batch_shape: [null, 60, 1]}). A bare integer is a list
     * of one, as Keras accepts it for a tuple.
     */
    public Optional<List<Integer>> intList(String key) {
        return value(key, "a list of integers", e -> {
            if (exactInt(e) != null) {
                return List.of(exactInt(e));
            }
            if (!e.isJsonArray()) {
                return null;
            }
            List<Integer> list = new ArrayList<>();
            for (JsonElement item : e.getAsJsonArray()) {
                Integer value = item.isJsonNull() ? null : exactInt(item);
                if (value == null && !item.isJsonNull()) {
                    return null;
                }
                list.add(value);
            }
            return Collections.unmodifiableList(list);
        });
    }

    /** A nested object, e.g. an initializer's or a dtype policy's. */
    public Optional<KerasConfig> object(String key) {
        return value(key, "an object", e -> e.isJsonObject() ? of(e.getAsJsonObject()) : null);
    }

    /** The object as JSON text. */
    public String toJson() {
        return json.toString();
    }

    /** A copy of the object, for writers. */
    JsonObject json() {
        return json.deepCopy();
    }

    private <T> Optional<T> value(String key, String type, Function<JsonElement, T> convert) {
        JsonElement element = json.get(key);
        if (element == null || element.isJsonNull()) {
            return Optional.empty();
        }
        T value = convert.apply(element);
        if (value == null) {
            throw new IllegalArgumentException("config key '" + key + "' is " + element + ", not " + type);
        }
        return Optional.of(value);
    }

    private static boolean isNumber(JsonElement e) {
        return e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber();
    }

    private static Integer exactInt(JsonElement e) {
        if (!isNumber(e)) {
            return null;
        }
        try {
            return new BigDecimal(((JsonPrimitive) e).getAsString()).intValueExact();
        } catch (ArithmeticException | NumberFormatException notAnInt) {
            return null;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KerasConfig other && json.equals(other.json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
