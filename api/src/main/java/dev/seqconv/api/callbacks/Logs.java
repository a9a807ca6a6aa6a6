package dev.seqconv.api.callbacks;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/**
 * Named figures of a batch, an epoch or an evaluation, in the order they were computed: {@code loss}, the
 * metrics, then {@code val_loss} and {@code val_} metrics — the keys of Keras's {@code logs} dictionaries.
 */
public final class Logs implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Map<String, Double> values;

    public Logs(Map<String, Double> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The value of {@code key}. */
    public double get(String key) {
        Double v = values.get(key);
        if (v == null) {
            throw new NoSuchElementException("No figure named '" + key + "'; these are logged: " + values.keySet());
        }
        return v;
    }

    public boolean contains(String key) {
        return values.containsKey(key);
    }

    /** All figures, in order. */
    public Map<String, Double> asMap() {
        return values;
    }

    /** These figures followed by {@code other}'s with {@code prefix} added to their keys. */
    public Logs with(String prefix, Logs other) {
        Map<String, Double> merged = new LinkedHashMap<>(values);
        other.values.forEach((k, v) -> merged.put(prefix + k, v));
        return new Logs(merged);
    }

    /** Keras-style: {@code loss: 0.6931 - acc: 0.5000}. */
    @Override
    public String toString() {
        return values.entrySet().stream()
                .map(e -> e.getKey() + ": " + String.format(java.util.Locale.ROOT, "%.4f", e.getValue()))
                .collect(Collectors.joining(" - "));
    }
}
