package dev.seqconv.spark;

/**
 * The {@link GradientExchange} a {@link SparkTraining} uses, and why: the one {@link SparkTraining.Builder#exchange}
 * names, else the automatic choice ({@code docs/scaling.md}, "Which exchange by default", has the measurements):
 * <ul>
 *   <li>{@link GradientExchange#DRIVER_GATHER} where the shards outnumber the tasks the application runs at once
 *       (a barrier stage needs all {@code N} tasks at once), or where an epoch, so a segment, is shorter than
 *       {@link #MIN_SEGMENT_STEPS} steps: a segment's start (a barrier stage, the state's broadcast, the tasks'
 *       connections) then costs more than the driver gather's per-step job, broadcast and collect;</li>
 *   <li>{@link GradientExchange#BARRIER_SEGMENTS} otherwise, with the tasks in the driver's JVM (Spark's local mode)
 *       as with executors in JVMs of their own: measured faster a step in both.</li>
 * </ul>
 *
 * @param exchange the exchange
 * @param reason   why, for the log
 */
record ExchangeChoice(GradientExchange exchange, String reason) {

    /** The fewest steps of a segment (an epoch) for which barrier segments are chosen. */
    static final int MIN_SEGMENT_STEPS = 8;

    /** The exchange the builder names. */
    static ExchangeChoice named(GradientExchange exchange) {
        return new ExchangeChoice(exchange, "named by SparkTraining.Builder.exchange");
    }

    /**
     * The automatic choice, as the class says.
     *
     * @param localMode     whether Spark runs the tasks as threads of the driver's JVM (master {@code local[...]})
     * @param shards        {@code N}, one task each
     * @param taskSlots     the tasks the application runs at once
     * @param stepsPerEpoch the global batches of an epoch: a segment's steps
     */
    static ExchangeChoice automatic(boolean localMode, int shards, int taskSlots, int stepsPerEpoch) {
        if (shards > taskSlots) {
            return new ExchangeChoice(GradientExchange.DRIVER_GATHER, shards + " shards, but the application runs "
                    + taskSlots + " tasks at once: a barrier stage needs all at once");
        }
        if (stepsPerEpoch < MIN_SEGMENT_STEPS) {
            return new ExchangeChoice(GradientExchange.DRIVER_GATHER, "epochs of " + stepsPerEpoch + " steps: a "
                    + "barrier segment's start costs more than it saves under " + MIN_SEGMENT_STEPS + " steps");
        }
        return new ExchangeChoice(GradientExchange.BARRIER_SEGMENTS, shards + " tasks in "
                + (localMode ? "the driver's JVM (local mode)" : "executor JVMs") + ", epochs of " + stepsPerEpoch
                + " steps: the tasks' own exchange saves a Spark job, a broadcast and a collect a step");
    }

    @Override
    public String toString() {
        return exchange + " (" + reason + ")";
    }
}
