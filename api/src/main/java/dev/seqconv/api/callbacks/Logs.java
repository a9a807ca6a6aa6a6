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
        Means means = new Means();
        for (int k = 0; k < parts.size(); k++) {
            means.add(parts.get(k), samples.get(k));
        }
        if (means.samples() == 0) {
            throw new IllegalArgumentException("No part holds a sample: there are no figures to average");
        }
        return means.logs();
    }

    /**
     * Sample-weighted running means of figures, as Keras's {@code Mean} metrics with the batch size as weight:
     * after parts {@code k} (figures {@code v_k} over {@code n_k} samples), each key's {@code Σ_k n_k·v_k / Σ_k n_k}.
     * Parts with no samples are left out; the others must all hold the same keys.
     */
    public static final class Means {
        private final Map<String, Double> sums = new LinkedHashMap<>();
        private long samples;

        /**
         * Adds a part's figures, means over its {@code count} samples.
         *
         * @throws IllegalArgumentException if the part has samples and its keys differ from the earlier parts'
         */
        public void add(Logs part, int count) {
            if (count == 0) {
                return;
            }
            if (samples > 0 && !part.values.keySet().equals(sums.keySet())) {
                throw new IllegalArgumentException("Parts disagree on their figures: " + sums.keySet() + " vs "
                        + part.values.keySet());
            }
            part.values.forEach((key, v) -> sums.merge(key, v * count, Double::sum));
            samples += count;
        }

        /** The samples added so far. */
        public long samples() {
            return samples;
        }

        /** The means so far (none before the first part with samples). */
        public Logs logs() {
            Map<String, Double> means = new LinkedHashMap<>();
            sums.forEach((key, sum) -> means.put(key, sum / samples));
            return new Logs(means);
        }
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
