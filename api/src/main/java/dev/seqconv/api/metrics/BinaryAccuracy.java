package dev.seqconv.api.metrics;

import dev.seqconv.api.ndarray.NdArray;

/**
 * Keras's {@code binary_accuracy}: 1 where {@code z == (p > threshold ? 1 : 0)}, else 0. Applied to raw outputs
 * as Keras does, so a model without a final sigmoid is thresholded at 0.5 on its logits.
 *
 * @param name      the log key; {@code acc} as in the book's {@code metrics=['acc']}
 * @param threshold the decision threshold, 0.5 by default
 */
public record BinaryAccuracy(String name, double threshold) implements Metric {

    public BinaryAccuracy() {
        this("acc", 0.5);
    }

    @Override
    public double[] perSample(NdArray yTrue, NdArray yPred) {
        return Metric.meanPerSample(yTrue, yPred, (z, p) -> z == (p > threshold ? 1f : 0f) ? 1 : 0);
    }
}
