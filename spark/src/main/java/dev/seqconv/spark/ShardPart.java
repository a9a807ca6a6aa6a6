package dev.seqconv.spark;

import dev.seqconv.api.callbacks.Logs;

/**
 * One shard's unreduced contribution to a step as it travels between the tasks of a barrier segment: its index
 * {@code k}, sample count {@code n_k}, figures, and its raw gradient floats for a range of the flattened
 * gradients from position {@code offset} on (none for an empty shard); the array, kept by the exchange from step to
 * step, may run past the range.
 *
 * @param shard   the shard's index, its task's
 * @param samples {@code n_k}, 0 for an empty shard
 * @param figures the shard's loss and metrics
 * @param values  the shard's gradient floats for a range of the flattened gradients, {@code null} when empty
 * @param offset  where {@code values} starts in the flattened gradients
 */
record ShardPart(int shard, int samples, Logs figures, float[] values, int offset) {
}
