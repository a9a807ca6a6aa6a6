package dev.seqconv.spark;

import dev.seqconv.api.data.Batch;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.network.ModelWeights;
import dev.seqconv.api.training.GradientSteps;
import dev.seqconv.api.training.ShardGradients;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Data-parallel training steps on Spark, gathered by the driver: each global batch is split into {@code N} shards,
 * one Spark task each; a task computes its shard's gradients on a replica of the model in its executor, at the
 * weights the driver broadcast for the step; the driver collects the {@code N} results in partition order,
 * combines them ({@link ShardGradients#combine}) and its model applies the update. The shards are those of
 * {@link EpochLayouts}.
 */
final class SparkGradientSteps implements GradientSteps {

    private final JavaSparkContext spark;
    private final EpochLayouts layouts;
    private final ShardPlan plan;
    private final ModelRecipe recipe;
    private final String backendName;
    private final Input input;
    private final String run;

    SparkGradientSteps(JavaSparkContext spark, EpochLayouts layouts, ShardPlan plan, ModelRecipe recipe,
                       String backendName, Input input, String run) {
        this.spark = spark;
        this.layouts = layouts;
        this.plan = plan;
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
        JavaRDD<List<EpochShard>> shards = layouts.of(epoch, 1);
        Broadcast<ModelWeights> current = spark.broadcast(weights);
        try {
            ShardPlan plan = this.plan;
            ModelRecipe recipe = this.recipe;
            String backendName = this.backendName;
            Input input = this.input;
            String run = this.run;
            List<ShardGradients> parts = shards.mapPartitionsWithIndex((shard, it) -> {
                EpochShard samples = it.next().get(0);
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
}
