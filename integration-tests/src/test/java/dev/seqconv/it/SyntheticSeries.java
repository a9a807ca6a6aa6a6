package dev.seqconv.it;

import dev.seqconv.api.data.Batch;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.random.SeededRandom;

/**
 * A forecasting task shaped like the Jena windows, {@code (samples, timesteps, 14)}: feature 0 is a noisy wave of
 * period 48 steps with a random phase, the other features are noise, and the target is the clean wave
 * {@code delay} steps after the sequence's end — a quarter period, so that "the last value" is a poor forecast.
 */
final class SyntheticSeries {

    static final double PERIOD = 48;
    static final int DELAY = 12;

    private SyntheticSeries() {
    }

    static Batch waves(int samples, int timesteps, long seed) {
        SeededRandom random = new SeededRandom(seed);
        float[] x = new float[samples * timesteps * 14];
        float[] y = new float[samples];
        for (int s = 0; s < samples; s++) {
            double phase = random.uniform(0, 2 * Math.PI);
            for (int t = 0; t < timesteps; t++) {
                int o = (s * timesteps + t) * 14;
                x[o] = (float) (Math.sin(2 * Math.PI * t / PERIOD + phase) + 0.05 * random.nextGaussian());
                for (int f = 1; f < 14; f++) {
                    x[o + f] = (float) (0.5 * random.nextGaussian());
                }
            }
            y[s] = (float) Math.sin(2 * Math.PI * (timesteps - 1 + DELAY) / PERIOD + phase);
        }
        return new Batch(NdArray.ofFloats(Shape.of(samples, timesteps, 14), x), NdArray.ofFloats(Shape.of(samples), y));
    }

    /** The MAE of forecasting each target as the sequence's last value of feature 0. */
    static double lastValueMae(Batch data) {
        int timesteps = data.x().shape().dim(1);
        double sum = 0;
        for (int s = 0; s < data.size(); s++) {
            sum += Math.abs(data.x().getFloat(s, timesteps - 1, 0) - data.y().getFloat(s));
        }
        return sum / data.size();
    }
}
