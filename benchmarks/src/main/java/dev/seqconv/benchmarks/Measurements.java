package dev.seqconv.benchmarks;

import java.util.List;

/** Summaries of timings. */
final class Measurements {

    private Measurements() {
    }

    static double median(List<Double> values) {
        return percentile(values, 0.5);
    }

    /** The nearest-rank percentile, {@code p} in {@code [0, 1]}. */
    static double percentile(List<Double> values, double p) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[(int) Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)))];
    }
}
