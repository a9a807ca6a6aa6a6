package dev.seqconv.spark;

import java.io.Serializable;

/**
 * How an epoch's global batches are split into shards. The samples take positions {@code 0 .. samples−1} in
 * the epoch's order; global batch {@code t} is positions {@code [tB, tB + m_t)} with {@code m_t = min(B, samples − tB)}
 * (the last batch may be smaller, as in Keras); its shard {@code k} of {@code N} is the positions
 * {@code [tB + ⌊k·m_t/N⌋, tB + ⌊(k+1)·m_t/N⌋)}, contiguous, so its first sample is at {@code ⌊k·m_t/N⌋} in the
 * global batch.
 *
 * @param samples   samples in an epoch
 * @param batchSize {@code B}, samples per global batch
 * @param shards    {@code N}, shards per global batch (one Spark task each)
 */
record ShardPlan(long samples, int batchSize, int shards) implements Serializable {

    ShardPlan {
        if (samples <= 0 || batchSize <= 0 || shards <= 0) {
            throw new IllegalArgumentException("Samples, batch size and shards must all be > 0, got " + samples + ", "
                    + batchSize + " and " + shards);
        }
    }

    /** {@code ⌈samples / B⌉}. */
    int stepsPerEpoch() {
        return Math.toIntExact((samples - 1) / batchSize + 1);
    }

    /** The size {@code m_t} of global batch {@code step}. */
    int batchSize(int step) {
        return (int) Math.min(batchSize, samples - (long) step * batchSize);
    }

    /** The position of shard {@code shard}'s first sample within global batch {@code step}. */
    int firstSample(int step, int shard) {
        return (int) ((long) shard * batchSize(step) / shards);
    }

    /** The first epoch position of shard {@code shard} of global batch {@code step}. */
    long start(int step, int shard) {
        return (long) step * batchSize + firstSample(step, shard);
    }

    /** The epoch position just past shard {@code shard} of global batch {@code step}. */
    long end(int step, int shard) {
        return (long) step * batchSize + firstSample(step, shard + 1);
    }

    /** The shard that the sample at epoch position {@code position} belongs to. */
    int shardOf(long position) {
        int step = (int) (position / batchSize);
        int within = (int) (position % batchSize);
        long m = batchSize(step);
        // the largest k with ⌊k·m/N⌋ <= within, i.e. k·m < (within + 1)·N: k = ⌈(within + 1)·N / m⌉ − 1
        return (int) (((within + 1L) * shards + m - 1) / m - 1);
    }
}
