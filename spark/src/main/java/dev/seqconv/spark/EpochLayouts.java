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
import scala.Tuple3;

/**
 * The shards of a training run's epochs, one Spark partition per shard: each sample's position in the epoch's
 * order (the same seeded permutation {@link ArrayBatchSource} uses) decides its step and shard ({@link ShardPlan}),
 * and one shuffle puts every shard's samples, in order, in the partition of that shard, cached for the epoch's
 * steps. A span of several epochs is laid out by the same one shuffle, each sample sent to its shard in every epoch
 * of the span: a partition then holds its shard of each of those epochs, the span's length times one epoch's. One
 * span's layout is kept at a time; the driver holds one {@code int} per row and epoch of the span for the orders.
 */
final class EpochLayouts implements AutoCloseable {

    private final JavaSparkContext spark;
    private final JavaPairRDD<Long, Sample> indexed;
    private final ShardPlan plan;
    private final Long shuffleSeed;

    private int layoutFirst = -1;
    private int layoutEpochs;
    private JavaRDD<List<EpochShard>> layout;
    private Broadcast<int[][]> positions;

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

    /**
     * The shards of epochs {@code first .. first+epochs−1}, laid out and cached on first use (the previous span's
     * are dropped): partition {@code k} holds one element, shard {@code k} of each epoch in order.
     */
    JavaRDD<List<EpochShard>> of(int first, int epochs) {
        if (first == layoutFirst && epochs == layoutEpochs) {
            return layout;
        }
        close();
        if (shuffleSeed != null) {
            int[][] positionOf = new int[epochs][];
            for (int e = 0; e < epochs; e++) {
                positionOf[e] = inverse(ArrayBatchSource.shuffledOrder(shuffleSeed, first + e,
                        Math.toIntExact(plan.samples())));
            }
            positions = spark.broadcast(positionOf);
        }
        Broadcast<int[][]> positionOf = positions;
        ShardPlan plan = this.plan;
        layout = indexed
                .flatMapToPair(s -> {
                    List<Tuple2<Integer, Tuple3<Integer, Long, Sample>>> placed = new ArrayList<>(epochs);
                    for (int e = 0; e < epochs; e++) {
                        long position = positionOf == null ? s._1() : positionOf.value()[e][Math.toIntExact(s._1())];
                        placed.add(new Tuple2<>(plan.shardOf(position), new Tuple3<>(e, position, s._2())));
                    }
                    return placed.iterator();
                })
                .partitionBy(new HashPartitioner(plan.shards()))
                .mapPartitions(it -> {
                    List<List<Tuple2<Long, Sample>>> byEpoch = new ArrayList<>(epochs);
                    for (int e = 0; e < epochs; e++) {
                        byEpoch.add(new ArrayList<>());
                    }
                    it.forEachRemaining(t -> byEpoch.get(t._2()._1()).add(new Tuple2<>(t._2()._2(), t._2()._3())));
                    return List.of(byEpoch.stream().map(EpochShard::new).toList()).iterator();
                }, true)
                .persist(StorageLevel.MEMORY_ONLY());
        layoutFirst = first;
        layoutEpochs = epochs;
        return layout;
    }

    private static int[] inverse(int[] order) {
        int[] position = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            position[order[i]] = i;
        }
        return position;
    }

    /** Drops the cached layout of the current span. */
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
        layoutFirst = -1;
    }
}
