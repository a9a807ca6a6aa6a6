package dev.seqconv.api.callbacks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The figures of each epoch of a training run, as Keras's {@code History.history}: for each key
 * ({@code loss}, {@code acc}, {@code val_loss}, ...) its value per epoch.
 */
public final class History implements Callback {

    private final Map<String, List<Double>> series = new LinkedHashMap<>();
    private final List<Logs> epochs = new ArrayList<>();

    @Override
    public void onEpochEnd(int epoch, Logs logs) {
        epochs.add(logs);
        logs.asMap().forEach((k, v) -> series.computeIfAbsent(k, key -> new ArrayList<>()).add(v));
    }

    /** The number of epochs recorded. */
    public int epochs() {
        return epochs.size();
    }

    /** The figures of one epoch. */
    public Logs epoch(int epoch) {
        return epochs.get(epoch);
    }

    /** One figure over the epochs. */
    public List<Double> get(String key) {
        List<Double> values = series.get(key);
        if (values == null) {
            throw new NoSuchElementException("No figure named '" + key + "' in this history; it has " + series.keySet());
        }
        return Collections.unmodifiableList(values);
    }

    /** All figures, by key, in the order they were first logged. */
    public Map<String, List<Double>> asMap() {
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        series.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }

    @Override
    public String toString() {
        return series.toString();
    }
}
