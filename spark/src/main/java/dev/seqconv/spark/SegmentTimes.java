package dev.seqconv.spark;

import java.io.Serializable;
import java.util.List;

/**
 * How long a barrier segment ({@link GradientExchange#BARRIER_SEGMENTS}) took, on the driver and inside each of its
 * tasks, for measuring ({@link SparkTraining.Builder#segmentTimes}): where a step's time goes — the shards' compute,
 * the slowest shard's lead, the exchange, the replica's update — and the segment's fixed cost.
 *
 * @param nanos the segment on the driver: from the start state's broadcast to task 0's state received
 * @param tasks each task's times, in shard order
 */
public record SegmentTimes(long nanos, List<TaskTimes> tasks) implements Serializable {

    public SegmentTimes {
        tasks = List.copyOf(tasks);
    }

    /**
     * One task's times. A task's exchange of step {@code i} waits for the slowest shard's gradients, so the least of
     * the tasks' {@code exchangeNanos[i]} is the all-reduce's own time.
     *
     * @param shard         the task's shard
     * @param stepsNanos    its steps, from the first's start to the last's end (without the replica's setup and the
     *                      connections)
     * @param computeNanos  per step, its shard's gradients; the steps of every epoch of the segment, in order
     * @param exchangeNanos per step as {@code computeNanos}, its all-reduce ({@code ShardExchange.allReduce}),
     *                      waiting included
     * @param updateNanos   per step as {@code computeNanos}, the replica's optimizer update ({@code applyGradients})
     */
    public record TaskTimes(int shard, long stepsNanos, long[] computeNanos, long[] exchangeNanos, long[] updateNanos)
            implements Serializable {
    }
}
