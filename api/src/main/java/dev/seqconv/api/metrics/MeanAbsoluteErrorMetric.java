package dev.seqconv.api.metrics;

import dev.seqconv.api.ndarray.NdArray;

/** Keras's {@code mae} metric: {@code |p − z|} averaged. */
public record MeanAbsoluteErrorMetric(String name) implements Metric {

    public MeanAbsoluteErrorMetric() {
        this("mae");
    }

    @Override
    public double[] perSample(NdArray yTrue, NdArray yPred) {
        return Metric.meanPerSample(yTrue, yPred, (z, p) -> Math.abs((double) p - z));
    }
}
