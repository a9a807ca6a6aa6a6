package dev.seqconv.api.callbacks;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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

    /**
     * The figures of several parts of a data set — batches, shards, partitions — as the figures of the whole: each
     * key's mean over the parts weighted by their sample counts, {@code Σ_k n_k·v_k / Σ_k n_k} (Keras's {@code Mean}
     * metrics with the batch size as weight). Parts with no samples are left out.
     *
     * @param parts   each part's figures (means over its samples)
     * @param samples each part's sample count
     * @throws IllegalArgumentException if no part has samples, or the parts with samples differ in their keys
     */
    public static Logs weightedMean(List<Logs> parts, List<Integer> samples) {
        if (parts.size() != samples.size()) {
            throw new IllegalArgumentException(parts.size() + " parts but " + samples.size() + " sample counts");
        }
        Map<String, Double> sums = new LinkedHashMap<>();
        Logs first = null;
        long total = 0;
        for (int k = 0; k < parts.size(); k++) {
            if (samples.get(k) == 0) {
                continue;
            }
            Logs part = parts.get(k);
            if (first == null) {
                first = part;
            } else if (!part.values.keySet().equals(first.values.keySet())) {
                throw new IllegalArgumentException("Parts disagree on their figures: " + first.values.keySet()
                        + " vs " + part.values.keySet());
            }
            int n = samples.get(k);
            part.values.forEach((key, v) -> sums.merge(key, v * n, Double::sum));
            total += n;
        }
        if (first == null) {
            throw new IllegalArgumentException("No part holds a sample: there are no figures to average");
        }
        long count = total;
        sums.replaceAll((key, sum) -> sum / count);
        return new Logs(sums);
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
