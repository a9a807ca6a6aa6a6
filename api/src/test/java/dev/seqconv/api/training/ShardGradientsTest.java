package dev.seqconv.api.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ShardGradients#weightedMean}: summed a block at a time, the bits of summing whole shards in turn from
 * {@code 0.0}, into its range of the array given and nowhere else, for one to four shards with samples.
 */
class ShardGradientsTest {

    @Test
    void theWeightedMeanHasTheBitsOfTheSumOverWholeShardsInOrder() {
        Random random = new Random(11);
        for (int[] samples : new int[][] {{3, 0, 64, 1, 17}, {0, 5}, {7, 9}, {2, 0, 3}, {1, 2, 3, 4}}) {
            for (int size : new int[] {0, 1, 1023, 1024, 1025, 5000}) {
                FloatBuffer[] values = new FloatBuffer[samples.length];
                for (int k = 0; k < samples.length; k++) {
                    values[k] = samples[k] == 0 ? null : shard(random, size, k);
                }
                float[] mean = new float[size + 3];
                Arrays.fill(mean, Float.NaN);
                ShardGradients.weightedMean(samples, values, mean, 2, size);
                assertThat(Float.isNaN(mean[1]) && Float.isNaN(mean[size + 2]))
                        .as("%s, size %d: only its range written", Arrays.toString(samples), size).isTrue();
                int total = Arrays.stream(samples).sum();
                for (int i = 0; i < size; i++) {
                    double sum = 0;
                    for (int k = 0; k < samples.length; k++) {
                        if (samples[k] > 0) {
                            sum += (double) samples[k] / total * values[k].get(i);
                        }
                    }
                    assertThat(Float.floatToRawIntBits(mean[2 + i]))
                            .as("%s, size %d, value %d", Arrays.toString(samples), size, i)
                            .isEqualTo(Float.floatToRawIntBits((float) sum));
                }
            }
        }
    }

    /**
     * A shard's values, a third of them {@code −0.0} (whose sums must stay {@code +0.0}), in the three kinds of
     * buffer the sum reads: a whole array, a slice at an offset of a larger one (as an exchange passes its chunks),
     * and a read-only view (as {@link ShardGradients#combine} passes gradients), which it copies.
     */
    private static FloatBuffer shard(Random random, int size, int kind) {
        float[] values = new float[size + 7];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(3) == 0 ? -0f : (float) (random.nextGaussian() * Math.pow(10,
                    random.nextInt(12) - 6));
        }
        return switch (kind % 3) {
            case 0 -> FloatBuffer.wrap(values, 0, size).slice();
            case 1 -> FloatBuffer.wrap(values, 7, size).slice();
            default -> FloatBuffer.wrap(values, 3, size).slice().asReadOnlyBuffer();
        };
    }
}
