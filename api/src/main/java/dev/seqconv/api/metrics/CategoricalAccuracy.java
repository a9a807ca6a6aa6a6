package dev.seqconv.api.metrics;

import dev.seqconv.api.ndarray.NdArray;

/**
 * Keras's {@code categorical_accuracy} for one-hot targets: 1 where {@code argmax_j z_j == argmax_j p_j} over the
 * last axis, else 0 (each argmax the first maximum on ties, as TensorFlow's), averaged over a sample's rows.
 *
 * @param name the log key; Keras's {@code categorical_accuracy} by default
 */
public record CategoricalAccuracy(String name) implements Metric {

    public CategoricalAccuracy() {
        this("categorical_accuracy");
    }

    @Override
    public double[] perSample(NdArray yTrue, NdArray yPred) {
        int[] expected = ClassMatches.argmax(yTrue);
        int[] predicted = ClassMatches.argmax(yPred);
        return ClassMatches.perSample(predicted.length, yPred.length(), r -> expected[r] == predicted[r]);
    }
}
