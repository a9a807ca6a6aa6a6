package dev.seqconv.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/** Summaries of timings. */
final class Measurements {

    private Measurements() {
    }

    /** The median ms of {@code timed} calls of {@code call} (given the call's index), after {@code warmUp} calls. */
    static double medianMillis(int warmUp, int timed, IntConsumer call) {
        List<Double> millis = new ArrayList<>(timed);
        for (int r = 0; r < warmUp + timed; r++) {
            long start = System.nanoTime();
            call.accept(r);
            if (r >= warmUp) {
                millis.add((System.nanoTime() - start) / 1e6);
            }
        }
        return median(millis);
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
