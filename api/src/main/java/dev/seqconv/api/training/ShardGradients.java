package dev.seqconv.api.training;

import dev.seqconv.api.callbacks.Logs;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.network.ModelWeights;
import java.io.Serializable;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a shard of a global batch contributes to a data-parallel training step (Keras's
 * {@code tape.gradient(loss, model.trainable_weights)} on the shard): the gradients of the shard's mean loss,
 * with its figures.
 *
 * <p>Shards {@code k} of sizes {@code n_k} combine into the step of the whole batch of {@code m = Σ n_k} samples
 * as sample-weighted means — the gradient of the mean loss over the batch is
 * {@code ∇L = Σ_k (n_k / m) ∇L_k}, and so are its loss and metrics — which is what {@link #combine} computes.
 *
 * <p>A non-trainable weight (BatchNormalization's moving statistics) has no gradient: its entry is the new value
 * the shard's training pass gave it, and the same weighted mean averages these, as Keras's MirroredStrategy
 * averages such variables across replicas.
 *
 * <p>Serializable, to travel from the workers that compute it.
 *
 * @param samples   how many samples the shard holds (0 for an empty shard, which adds nothing)
 * @param figures   the shard's mean loss ({@code loss}) and metrics, by name
 * @param gradients one entry per weight, by layer and name: a trainable weight's gradient, a non-trainable
 *                  weight's new value (none for an empty shard)
 */
public record ShardGradients(int samples, Logs figures, ModelWeights gradients) implements Serializable {

    public ShardGradients {
        if (samples < 0) {
            throw new IllegalArgumentException("A shard holds at least 0 samples, got " + samples);
        }
        Objects.requireNonNull(gradients, "gradients");
    }

    /** The contribution of a shard without samples (a global batch smaller than its number of shards). */
    public static ShardGradients empty() {
        return new ShardGradients(0, new Logs(Map.of()), ModelWeights.empty());
    }

    /**
     * The step of a whole global batch from its shards: figures and gradients averaged, weighted by samples.
     *
     * @throws IllegalArgumentException if there are no samples, or the shards' gradients or figures differ in
     *                                  count, names or shapes
     */
    public static ShardGradients combine(List<ShardGradients> shards) {
        List<ShardGradients> filled = shards.stream().filter(s -> s.samples() > 0).toList();
        if (filled.isEmpty()) {
            throw new IllegalArgumentException("No shard holds a sample: a step needs at least one");
        }
        ShardGradients first = filled.get(0);
        int total = filled.stream().mapToInt(ShardGradients::samples).sum();
        for (ShardGradients shard : filled) {
            if (shard.gradients().size() != first.gradients().size()) {
                throw new IllegalArgumentException("Shards disagree on their gradient count: "
                        + first.gradients().size() + " vs " + shard.gradients().size());
            }
        }
        Logs figures = Logs.weightedMean(filled.stream().map(ShardGradients::figures).toList(),
                filled.stream().map(ShardGradients::samples).toList());
        ModelWeights gradients = first.gradients().map((layer, weight, firstGradient) -> {
            Shape shape = firstGradient.shape();
            double[] sum = new double[Math.toIntExact(shape.size())];
            for (ShardGradients shard : filled) {
                NdArray g = shard.gradients().get(layer, weight);
                if (!g.shape().equals(shape)) {
                    throw new IllegalArgumentException("Shards disagree on the shape of gradient " + layer + "/"
                            + weight + ": " + shape + " vs " + g.shape());
                }
                FloatBuffer values = g.floatBuffer();
                double share = (double) shard.samples() / total;
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += share * values.get(i);
                }
            }
            float[] mean = new float[sum.length];
            for (int i = 0; i < sum.length; i++) {
                mean[i] = (float) sum[i];
            }
            return NdArray.wrapFloats(shape, mean);
        });
        return new ShardGradients(total, figures, gradients);
    }
}
