package dev.seqconv.api.data;

import dev.seqconv.api.checks.Checks;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.random.SeededRandom;
import java.util.Arrays;
import java.util.Iterator;
import java.util.stream.IntStream;

/**
 * Batches cut from in-memory arrays, as Keras's {@code fit(x, y, batch_size, shuffle)}: in order, or in a
 * seeded permutation of its own each epoch — epoch {@code e}'s order depends only on the seed and {@code e}, so a
 * run resumed at epoch {@code e} sees the batches an uninterrupted one would. The last batch may be smaller.
 */
public final class ArrayBatchSource implements BatchSource {

    private final NdArray x;
    private final NdArray y;
    private final int batchSize;
    private final Long shuffleSeed;

    /**
     * @param x         inputs, samples along the first axis
     * @param y         targets, as many samples as {@code x}
     * @param batchSize samples per batch, {@code > 0}
     * @param shuffleSeed the seed of the epochs' orders, or {@code null} to keep the order
     */
    public ArrayBatchSource(NdArray x, NdArray y, int batchSize, Long shuffleSeed) {
        Checks.positive("batchSize", batchSize);
        if (x.length() != y.length()) {
            throw new IllegalArgumentException(
                    "Inputs and targets differ in number of samples: " + x.length() + " vs " + y.length());
        }
        if (x.length() == 0) {
            throw new IllegalArgumentException("No samples: the data set is empty");
        }
        this.x = x;
        this.y = y;
        this.batchSize = batchSize;
        this.shuffleSeed = shuffleSeed;
    }

    /** The number of samples. */
    public int samples() {
        return x.length();
    }

    /** {@code ceil(samples / batchSize)}, without overflow: a batch size beyond the samples makes one batch. */
    @Override
    public int stepsPerEpoch() {
        return (x.length() - 1) / batchSize + 1;
    }

    /**
     * The order in which epoch {@code epoch} visits {@code samples} samples when shuffling with {@code seed}:
     * sample {@code order[i]} comes {@code i}-th. Data-parallel training follows it to see the batches of one
     * process.
     */
    public static int[] shuffledOrder(long seed, int epoch, int samples) {
        return new SeededRandom(seed).fork("epoch " + epoch).permutation(samples);
    }

    @Override
    public Iterator<Batch> epoch(int epoch) {
        int n = x.length();
        int[] order = shuffleSeed != null ? shuffledOrder(shuffleSeed, epoch, n) : null;
        return IntStream.range(0, stepsPerEpoch()).mapToObj(step -> {
            int start = step * batchSize;
            int end = start + Math.min(batchSize, n - start);
            if (order == null) {
                return new Batch(x.rows(start, end), y.rows(start, end));
            }
            int[] indices = Arrays.copyOfRange(order, start, end);
            return new Batch(x.rows(indices), y.rows(indices));
        }).iterator();
    }
}
