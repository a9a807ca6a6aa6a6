package dev.seqconv.spark;

import dev.seqconv.api.data.ArrayBatchSource;
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
 * The shards of a training run's epochs, one Spark partition per shard: each sample's position in the epoch's
 * order (the same seeded permutation {@link ArrayBatchSource} uses) decides its step and shard ({@link ShardPlan}),
 * and one shuffle puts every shard's samples, in order, in the partition of that shard, cached for the epoch's
 * steps. One epoch's layout is kept at a time.
 */
final class EpochLayouts implements AutoCloseable {

    private final JavaSparkContext spark;
    private final JavaPairRDD<Long, Sample> indexed;
    private final ShardPlan plan;
    private final Long shuffleSeed;

    private int layoutEpoch = -1;
    private JavaRDD<EpochShard> layout;
    private Broadcast<int[]> positions;

    /**
     * @param indexed     the samples, each with its index in the table ({@code 0 .. n−1}), cached
     * @param shuffleSeed the seed of the epochs' orders, or null to keep the table's order
     */
    EpochLayouts(JavaSparkContext spark, JavaPairRDD<Long, Sample> indexed, ShardPlan plan, Long shuffleSeed) {
        this.spark = spark;
        this.indexed = indexed;
        this.plan = plan;
        this.shuffleSeed = shuffleSeed;
    }

    /** The shards of epoch {@code epoch}, laid out and cached on first use; the previous epoch's are dropped. */
    JavaRDD<EpochShard> of(int epoch) {
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
