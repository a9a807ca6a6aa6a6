package dev.seqconv.spark;

/**
 * How the {@code N} shards' gradients of a data-parallel step become one update ({@link SparkTraining.Builder#exchange}).
 * Both give the same combined gradient, bit for bit: {@code ∇L = Σ_k (n_k / B) ∇L_k}, summed in double in
 * partition order ({@link dev.seqconv.api.training.ShardGradients#combine}).
 *
 * <p>Where the builder names none, {@code fit} chooses, and logs its choice with the reason at INFO:
 * {@link #BARRIER_SEGMENTS} where all {@code N} tasks run at once and an epoch has at least 8 steps, in Spark's local
 * mode as with executors in JVMs of their own; {@link #DRIVER_GATHER} otherwise. Measured (2026-12-06, Jena and IMDB
 * networks, global batch 128, {@code docs/scaling.md} "Which exchange by default"): barrier segments took less a
 * step (1.4-3.8×) in {@code local[1]}, {@code local[2]} and {@code local-cluster} with 2 and 4 executor JVMs; a
 * segment's start costs what 1-4 driver-gather steps save, so short epochs keep the driver gather.
 */
public enum GradientExchange {

    /**
     * A Spark job per step: the driver broadcasts the weights, gathers the {@code N} shards' gradients
     * ({@code 4L} bytes each for {@code L} parameters) and applies the update; the optimizer state lives in the
     * driver only. The callbacks hear of every step as it ends; needs no more task slots than one.
     */
    DRIVER_GATHER,

    /**
     * A Spark barrier stage per segment of steps (one epoch by default): the driver broadcasts weights and
     * optimizer state once; the {@code N} tasks, all running at once, exchange their gradients directly
     * (reduce-scatter then all-gather, all-to-all or, where that measures cheaper — small gradients, 16 tasks and
     * more, a power of two — by recursive halving and doubling in {@code 2·log2 N} messages: {@link ShardExchange})
     * and each applies the same update to its own replica; task 0's state comes back at the segment's end. Needs
     * {@code N} task slots free at once; a failed task fails the stage, which Spark retries from the segment's start
     * state.
     */
    BARRIER_SEGMENTS
}
