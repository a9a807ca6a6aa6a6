package dev.seqconv.spark;

import dev.seqconv.api.data.ArrayBatchSource;
import dev.seqconv.api.data.Batch;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.network.ModelWeights;
import dev.seqconv.api.training.GradientSteps;
import dev.seqconv.api.training.ShardGradients;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Data-parallel training steps on Spark: each global batch is split into {@code N} shards, one Spark task each;
 * a task computes its shard's gradients on a replica of the model in its executor, at the weights the driver
 * broadcast for the step; the driver collects the {@code N} results in partition order, combines them
 * ({@link ShardGradients#combine}) and its model applies the update.
 *
 * <p>An epoch's shards are laid out once per epoch: each sample's position in the epoch's order (the same seeded
 * permutation {@link ArrayBatchSource} uses) decides its step and shard, and one shuffle puts every shard's
 * samples, in order, in the partition of that shard, cached for the epoch's steps.
 */
final class SparkGradientSteps implements GradientSteps, AutoCloseable {

    private final JavaSparkContext spark;
    private final JavaPairRDD<Long, Sample> indexed;
    private final ShardPlan plan;
    private final Long shuffleSeed;
    private final ModelRecipe recipe;
    private final String backendName;
    private final Input input;
    private final String run;

    private int layoutEpoch = -1;
    private JavaRDD<EpochShard> layout;
    private Broadcast<int[]> positions;

    /**
     * @param indexed     the samples, each with its index in the table ({@code 0 .. n−1}), cached
     * @param shuffleSeed the seed of the epochs' orders, or null to keep the table's order
     */
    SparkGradientSteps(JavaSparkContext spark, JavaPairRDD<Long, Sample> indexed, ShardPlan plan, Long shuffleSeed,
                       ModelRecipe recipe, String backendName, Input input, String run) {
        this.spark = spark;
        this.indexed = indexed;
        this.plan = plan;
        this.shuffleSeed = shuffleSeed;
        this.recipe = recipe;
        this.backendName = backendName;
        this.input = input;
        this.run = run;
    }

    @Override
    public int stepsPerEpoch() {
        return plan.stepsPerEpoch();
    }

    @Override
    public ShardGradients compute(int epoch, int step, long trainingStep, ModelWeights weights) {
        JavaRDD<EpochShard> shards = layout(epoch);
        Broadcast<ModelWeights> current = spark.broadcast(weights);
        try {
            ShardPlan plan = this.plan;
            ModelRecipe recipe = this.recipe;
            String backendName = this.backendName;
            Input input = this.input;
            String run = this.run;
            List<ShardGradients> parts = shards.mapPartitionsWithIndex((shard, it) -> {
                EpochShard samples = it.next();
                long from = plan.start(step, shard);
                long to = plan.end(step, shard);
                if (from == to) {
                    return List.of(ShardGradients.empty()).iterator();
                }
                Batch batch = samples.slice(from, to, input);
                ShardGradients part = ReplicaPool.withReplica(run, backendName, recipe, current.value(),
                        replica -> replica.computeGradients(batch, trainingStep, plan.firstSample(step, shard)));
                return List.of(part).iterator();
            }, true).collect();
            return ShardGradients.combine(parts);
        } finally {
            current.destroy();
        }
    }

    /** The shards of epoch {@code epoch}, laid out and cached on first use; the previous epoch's are dropped. */
    private JavaRDD<EpochShard> layout(int epoch) {
        if (epoch == layoutEpoch) {
            return layout;
        }
        close();
        int[] order = shuffleSeed == null ? null
                : ArrayBatchSource.shuffledOrder(shuffleSeed, epoch, Math.toIntExact(plan.samples()));
        positions = order == null ? null : spark.broadcast(inverse(order));
        Broadcast<int[]> positionOf = positions;
        ShardPlan plan = this.plan;
        layout = indexed
                .mapToPair(s -> {
                    long position = positionOf == null ? s._1() : positionOf.value()[Math.toIntExact(s._1())];
                    return new Tuple2<>(plan.shardOf(position), new Tuple2<>(position, s._2()));
                })
                .partitionBy(new HashPartitioner(plan.shards()))
                .mapPartitions(it -> {
                    List<Tuple2<Long, Sample>> positioned = new ArrayList<>();
                    it.forEachRemaining(t -> positioned.add(t._2()));
                    return List.of(new EpochShard(positioned)).iterator();
                }, true)
                .persist(StorageLevel.MEMORY_ONLY());
        layoutEpoch = epoch;
        return layout;
    }

    private static int[] inverse(int[] order) {
        int[] position = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            position[order[i]] = i;
        }
        return position;
    }

    /** Drops the cached layout of the current epoch. */
    @Override
    public void close() {
        if (layout != null) {
            layout.unpersist(false);
            layout = null;
        }
        if (positions != null) {
            positions.destroy();
            positions = null;
        }
        layoutEpoch = -1;
    }
}
