package dev.seqconv.spark;

import dev.seqconv.api.callbacks.Logs;
import dev.seqconv.api.training.ShardGradients;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * How the {@code N} tasks of a barrier segment turn their shards' flattened gradients ({@code L} floats each) into
 * the combined gradients in every task. Every algorithm brings task {@code j} the raw floats of every shard for
 * chunk {@code j} ({@link #chunkStart}), which it sums with {@link #reduceChunk}, so all give
 * {@link ShardGradients#combine}'s bits.
 */
interface AllReduce {

    /**
     * This task's share of one step's all-reduce over {@code peers}.
     *
     * @param mine     this task's shard, its values the whole flattened gradients (offset 0), or none when empty
     * @param combined where the combined gradients go, {@code L} floats (the exchange's, kept from step to step)
     */
    Reduced reduce(ShardPart mine, float[] combined, ShardExchange peers) throws IOException;

    /**
     * What every task holds after a step's all-reduce.
     *
     * @param samples  every shard's {@code n_k}, in shard order
     * @param figures  every shard's figures, in shard order
     * @param combined the combined gradients, {@code L} floats
     */
    record Reduced(int[] samples, Logs[] figures, float[] combined) {
    }

    /** The first float of chunk {@code chunk} of {@code tasks}: {@code ⌊chunk·L/N⌋}. */
    static int chunkStart(int chunk, int length, int tasks) {
        return (int) ((long) chunk * length / tasks);
    }

    /**
     * Chunk {@code chunk} of the combined gradients from every shard's raw floats of it, {@code parts} one per
     * shard in any order: {@link ShardGradients#weightedMean} over the shards in shard order, the other chunks of
     * {@code combined} left for the all-gather.
     */
    static Reduced reduceChunk(List<ShardPart> parts, int chunk, float[] combined, int tasks) {
        int length = combined.length;
        ShardPart[] byShard = new ShardPart[tasks];
        for (ShardPart part : parts) {
            if (part.shard() < 0 || part.shard() >= tasks || byShard[part.shard()] != null) {
                throw new IllegalStateException("Shard " + part.shard() + " of " + tasks + " arrived twice or is "
                        + "not one of them: the tasks disagree on the exchange");
            }
            byShard[part.shard()] = part;
        }
        int from = chunkStart(chunk, length, tasks);
        int to = chunkStart(chunk + 1, length, tasks);
        int[] samples = new int[tasks];
        Logs[] figures = new Logs[tasks];
        FloatBuffer[] values = new FloatBuffer[tasks];
        for (int k = 0; k < tasks; k++) {
            ShardPart part = byShard[k];
            if (part == null) {
                throw new IllegalStateException("Shard " + k + "'s gradients never reached task " + chunk);
            }
            samples[k] = part.samples();
            figures[k] = part.figures();
            values[k] = part.values() == null ? null
                    : FloatBuffer.wrap(part.values(), from - part.offset(), to - from).slice();
        }
        ShardGradients.weightedMean(samples, values, combined, from, to - from);
        return new Reduced(samples, figures, combined);
    }
}
