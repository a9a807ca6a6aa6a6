package dev.seqconv.api.metrics;

import dev.seqconv.api.ndarray.NdArray;

/**
 * Keras's {@code sparse_categorical_accuracy} for class-id targets: 1 where {@code y == argmax_j p_j} over the
 * last axis (the first maximum on ties, as TensorFlow's argmax), else 0, averaged over a sample's rows. Targets
 * are shaped as the predictions with a last dimension of 1, as a loss that
 * {@linkplain dev.seqconv.api.losses.Loss#takesClassIds() takes class ids} receives them.
 *
 * @param name the log key; Keras's {@code sparse_categorical_accuracy} by default
 */
public record SparseCategoricalAccuracy(String name) implements Metric {

    public SparseCategoricalAccuracy() {
        this("sparse_categorical_accuracy");
    }

    @Override
    public double[] perSample(NdArray yTrue, NdArray yPred) {
        float[] expected = yTrue.toFloatArray();
        int[] predicted = ClassMatches.argmax(yPred);
        return ClassMatches.perSample(predicted.length, yPred.length(), r -> expected[r] == predicted[r]);
    }
}
