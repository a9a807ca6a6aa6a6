package dev.seqconv.api.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ShardGradients#weightedMean}: summed a block at a time, the bits of summing whole shards in turn, into its
 * range of the array given and nowhere else.
 */
class ShardGradientsTest {

    @Test
    void theWeightedMeanHasTheBitsOfTheSumOverWholeShardsInOrder() {
        Random random = new Random(11);
        for (int size : new int[] {0, 1, 1023, 1024, 1025, 5000}) {
            int[] samples = {3, 0, 64, 1, 17};
            FloatBuffer[] values = new FloatBuffer[samples.length];
            for (int k = 0; k < samples.length; k++) {
                float[] shard = new float[size];
                for (int i = 0; i < size; i++) {
                    shard[i] = random.nextInt(5) == 0 ? -0f : (float) (random.nextGaussian() * Math.pow(10,
                            random.nextInt(12) - 6));
                }
                values[k] = samples[k] == 0 ? null : FloatBuffer.wrap(shard);
            }
            float[] mean = new float[size + 3];
            Arrays.fill(mean, Float.NaN);
            ShardGradients.weightedMean(samples, values, mean, 2, size);
            assertThat(Float.isNaN(mean[1]) && Float.isNaN(mean[size + 2])).as("size %d: only its range written", size)
                    .isTrue();
            for (int i = 0; i < size; i++) {
                double sum = 0;
                for (int k = 0; k < samples.length; k++) {
                    if (samples[k] > 0) {
                        sum += (double) samples[k] / 85 * values[k].get(i);
                    }
                }
                assertThat(Float.floatToRawIntBits(mean[2 + i])).as("size %d, value %d", size, i)
                        .isEqualTo(Float.floatToRawIntBits((float) sum));
            }
        }
    }
}
