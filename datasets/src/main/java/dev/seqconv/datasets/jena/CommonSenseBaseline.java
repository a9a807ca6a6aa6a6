package dev.seqconv.datasets.jena;

import dev.seqconv.api.data.Batch;
import java.util.Iterator;

/**
 * The chapter's non-machine-learning baseline (listing 6.35, {@code evaluate_naive_method}): predict that the
 * temperature 24 hours from now equals the temperature now, and average the absolute error over the
 * validation batches. Keras users get 0.29 on the normalized record, 2.57 °C.
 *
 * @param normalizedMae the mean absolute error in units of the temperature's standard deviation
 * @param celsiusMae    the same error in °C
 */
public record CommonSenseBaseline(double normalizedMae, double celsiusMae) {

    /** Evaluates the baseline on one epoch of {@code validation}, whose series was normalized by {@code statistics}. */
    public static CommonSenseBaseline evaluate(ClimateGenerator validation, ColumnStatistics statistics) {
        double sum = 0;
        Iterator<Batch> batches = validation.epoch(0);
        for (int s = 0; s < validation.stepsPerEpoch(); s++) {
            Batch batch = batches.next();
            float[] samples = batch.x().toFloatArray();
            float[] targets = batch.y().toFloatArray();
            int timesteps = batch.x().shape().dim(1);
            int features = batch.x().shape().dim(2);
            double batchError = 0;
            for (int j = 0; j < targets.length; j++) {
                float now = samples[(j * timesteps + timesteps - 1) * features + ClimateSeries.TEMPERATURE];
                batchError += Math.abs(now - targets[j]);
            }
            sum += batchError / targets.length;
        }
        double mae = sum / validation.stepsPerEpoch();
        return new CommonSenseBaseline(mae, mae * statistics.std(ClimateSeries.TEMPERATURE));
    }
}
