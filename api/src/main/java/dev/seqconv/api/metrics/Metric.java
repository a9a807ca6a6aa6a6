package dev.seqconv.api.metrics;

import dev.seqconv.api.ndarray.NdArray;

/**
 * A figure reported during training and evaluation, computed on the host from targets and predictions, as
 * Keras's mean metrics: a value per sample (a mean over the last axis), averaged over all samples of an epoch.
 */
public interface Metric {

    /** The key in logs and history, e.g. {@code acc}; validation figures get the prefix {@code val_}. */
    String name();

    /**
     * The metric of each sample.
     *
     * @param yTrue targets {@code (batch, ...)}: shaped as the predictions, or with a last dimension of 1 where the
     *              loss takes class ids
     * @param yPred predictions
     * @return one value per sample
     */
    double[] perSample(NdArray yTrue, NdArray yPred);

    /** Applies {@code f(target, prediction)} to each entry and averages the entries of each sample. */
    static double[] meanPerSample(NdArray yTrue, NdArray yPred, EntryFunction f) {
        float[] t = yTrue.toFloatArray();
        float[] p = yPred.toFloatArray();
        int samples = yPred.length();
        int perSample = samples == 0 ? 0 : p.length / samples;
        double[] out = new double[samples];
        for (int s = 0; s < samples; s++) {
            double sum = 0;
            for (int i = s * perSample; i < (s + 1) * perSample; i++) {
                sum += f.apply(t[i], p[i]);
            }
            out[s] = sum / perSample;
        }
        return out;
    }

    /** A metric's value for one entry. */
    @FunctionalInterface
    interface EntryFunction {
        double apply(float target, float prediction);
    }
}
