package dev.seqconv.spark;

import dev.seqconv.api.data.Batch;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.network.ModelWeights;
import dev.seqconv.api.training.GradientSegments;
import dev.seqconv.api.training.ShardGradients;
import dev.seqconv.api.training.StepFigures;
import dev.seqconv.api.training.TrainingState;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.util.CollectionAccumulator;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * Data-parallel training on Spark in segments of steps, one barrier stage each ({@link GradientExchange#BARRIER_SEGMENTS}):
 * the {@code N} tasks of a segment, one per shard of {@link EpochLayouts}, start from the broadcast
 * {@link TrainingState}; at each step every task computes its shard's gradients as {@link SparkGradientSteps} does,
 * the tasks combine them among themselves ({@link ShardExchange}, bit for bit {@link ShardGradients#combine}), and
 * every task applies the same update to its own replica and optimizer state. Task 0's state and the steps' figures
 * come back to the driver.
 *
 * <p>A segment of several epochs is one stage too: each task holds its shard of every epoch of the segment
 * ({@link EpochLayouts#of(int, int)}) and goes on from an epoch's last step to the next epoch's first, with the step
 * counter (so the dropout masks) running on as in one process. At each epoch's end task 0 keeps a copy of its
 * {@link TrainingState} with the epoch's figures, all of which come back at the segment's end.
 *
 * <p>A task that fails fails the stage; Spark runs the stage again from the same broadcast state, so the retried
 * segment computes the same bits (up to {@code spark.stage.maxConsecutiveAttempts} times).
 *
 * <p>Where {@link SparkTraining.Builder#segmentTimes} asks for them, each segment's {@link SegmentTimes} come back
 * from every task in an accumulator.
 */
final class SparkSegments implements GradientSegments {

    private final JavaSparkContext spark;
    private final EpochLayouts layouts;
    private final Task task;
    private final int segmentSteps;
    private final int segmentEpochs;
    private final Consumer<SegmentTimes> times;

    /**
     * @param segmentSteps  the steps of a segment within an epoch, or 0 for whole epochs
     * @param segmentEpochs the epochs of a segment, at least 1
     * @param times         hears each segment's times, or null
     */
    SparkSegments(JavaSparkContext spark, EpochLayouts layouts, ShardPlan plan, ModelRecipe recipe,
                  String backendName, Input input, String run, int segmentSteps, int segmentEpochs, Duration timeout,
                  Consumer<SegmentTimes> times) {
        this.spark = spark;
        this.layouts = layouts;
        this.task = new Task(plan, recipe, backendName, input, run, timeout);
        this.segmentSteps = segmentSteps == 0 ? plan.stepsPerEpoch() : segmentSteps;
        this.segmentEpochs = segmentEpochs;
        this.times = times;
    }

    @Override
    public int stepsPerEpoch() {
        return task.plan.stepsPerEpoch();
    }

    @Override
    public int segmentSteps() {
        return segmentSteps;
    }

    @Override
    public int segmentEpochs() {
        return segmentEpochs;
    }

    @Override
    public List<Segment> run(int epoch, int epochs, int first, int count, TrainingState start) {
        JavaRDD<List<EpochShard>> shards = layouts.of(epoch, epochs);
        long started = System.nanoTime();
        CollectionAccumulator<SegmentTimes.TaskTimes> taskTimes = times == null ? null
                : spark.sc().<SegmentTimes.TaskTimes>collectionAccumulator("seqconv segment times");
        Broadcast<TrainingState> state = spark.broadcast(start);
        try (Rendezvous rendezvous = new Rendezvous(spark.getConf().get("spark.driver.host"), task.plan.shards())) {
            @SuppressWarnings("unchecked")
            ClassTag<List<Segment>> tag = ClassTag$.MODULE$.apply(List.class);
            SegmentTask segmentTask = new SegmentTask(task, state, rendezvous.address(), first, count, taskTimes);
            RDD<List<Segment>> segments = shards.rdd().barrier().mapPartitions(segmentTask, false, tag);
            // Spark retries a failed barrier stage only when it is a shuffle's map stage, never the job's last
            List<List<Segment>> returned = JavaRDD.fromRDD(segments, tag).repartition(1).collect();
            if (returned.size() != 1) {
                throw new IllegalStateException("A barrier segment returned " + returned.size() + " states, "
                        + "expected task 0's only");
            }
            if (times != null) {
                List<SegmentTimes.TaskTimes> tasks = new ArrayList<>(taskTimes.value());
                tasks.sort(Comparator.comparingInt(SegmentTimes.TaskTimes::shard));
                times.accept(new SegmentTimes(System.nanoTime() - started, tasks));
            }
            return returned.get(0);
        } finally {
            state.destroy();
        }
    }

    /** What every task of every segment needs. */
    private record Task(ShardPlan plan, ModelRecipe recipe, String backendName, Input input, String run,
                        Duration timeout) implements Serializable {

        /**
         * Runs steps {@code first .. first+count−1} of each epoch of the segment in this task's shard of that epoch,
         * meeting the other tasks through the driver's {@code rendezvous}; task 0's parts, one per epoch, else null.
         * Adds this task's times, its steps of all the segment's epochs in order, to {@code times} unless null.
         */
        List<Segment> run(BarrierTaskContext context, List<EpochShard> epochs, TrainingState start, String rendezvous,
                          int first, int count, CollectionAccumulator<SegmentTimes.TaskTimes> times) {
            int shard = context.partitionId();
            int tasks = context.getTaskInfos().length;
            String host = SparkEnv.get().blockManager().blockManagerId().host();
            return ReplicaPool.withReplica(run, backendName, recipe, start.weights(), replica -> {
                replica.restoreTrainingState(start);
                try (ShardExchange exchange = ShardExchange.open(shard, tasks, host, timeout, address ->
                        Rendezvous.join(rendezvous, context.stageAttemptNumber(), shard, tasks, address, timeout))) {
                    ModelWeights layout = replica.weights();
                    List<Segment> parts = new ArrayList<>(epochs.size());
                    long trainingStep = start.trainingSteps();
                    long[] computeNanos = new long[epochs.size() * count];
                    long[] exchangeNanos = new long[epochs.size() * count];
                    long[] updateNanos = new long[epochs.size() * count];
                    int timed = 0;
                    long stepsStarted = System.nanoTime();
                    for (EpochShard samples : epochs) {
                        List<StepFigures> figures = new ArrayList<>(count);
                        for (int step = first; step < first + count; step++, trainingStep++, timed++) {
                            long computeStarted = System.nanoTime();
                            long from = plan.start(step, shard);
                            long to = plan.end(step, shard);
                            ShardGradients part = from == to ? ShardGradients.empty()
                                    : replica.computeGradients(samples.slice(from, to, input), trainingStep,
                                            plan.firstSample(step, shard));
                            long exchangeStarted = System.nanoTime();
                            ShardGradients combined = exchange.allReduce(part, layout);
                            long updateStarted = System.nanoTime();
                            computeNanos[timed] = exchangeStarted - computeStarted;
                            exchangeNanos[timed] = updateStarted - exchangeStarted;
                            replica.applyGradients(combined.gradients());
                            updateNanos[timed] = System.nanoTime() - updateStarted;
                            figures.add(new StepFigures(combined.samples(), combined.figures()));
                        }
                        if (shard == 0) {
                            parts.add(new Segment(replica.trainingState(), figures));
                        }
                    }
                    if (times != null) {
                        times.add(new SegmentTimes.TaskTimes(shard, System.nanoTime() - stepsStarted, computeNanos,
                                exchangeNanos, updateNanos));
                    }
                    return shard == 0 ? parts : null;
                }
            });
        }
    }

    /** A barrier task of a segment, as the Scala function {@code RDDBarrier.mapPartitions} takes. */
    private static final class SegmentTask extends AbstractFunction1<Iterator<List<EpochShard>>,
            Iterator<List<Segment>>>
            implements Serializable {

        private static final long serialVersionUID = 1L;

        private final Task task;
        private final Broadcast<TrainingState> start;
        private final String rendezvous;
        private final int first;
        private final int count;
        private final CollectionAccumulator<SegmentTimes.TaskTimes> times;

        SegmentTask(Task task, Broadcast<TrainingState> start, String rendezvous, int first, int count,
                    CollectionAccumulator<SegmentTimes.TaskTimes> times) {
            this.task = task;
            this.start = start;
            this.rendezvous = rendezvous;
            this.first = first;
            this.count = count;
            this.times = times;
        }

        @Override
        public Iterator<List<Segment>> apply(Iterator<List<EpochShard>> shard) {
            List<Segment> parts = task.run(BarrierTaskContext.get(), shard.next(), start.value(), rendezvous, first,
                    count, times);
            return CollectionConverters.asScala(parts == null ? List.<List<Segment>>of().iterator()
                    : List.of(parts).iterator());
        }
    }
}
