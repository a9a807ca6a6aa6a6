package dev.seqconv.api.training;

import dev.seqconv.api.callbacks.Logs;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.network.ModelWeights;
import java.io.Serializable;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

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

    /** How many values {@link #weightedMean} sums at a time: 8 KB of double sums, in the L1 cache. */
    private static final int SUMMED_AT_ONCE = 1024;

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
        int[] samples = filled.stream().mapToInt(ShardGradients::samples).toArray();
        ModelWeights gradients = first.gradients().map((layer, weight, firstGradient) -> {
            Shape shape = firstGradient.shape();
            FloatBuffer[] values = new FloatBuffer[filled.size()];
            for (int k = 0; k < values.length; k++) {
                NdArray g = filled.get(k).gradients().get(layer, weight);
                if (!g.shape().equals(shape)) {
                    throw new IllegalArgumentException("Shards disagree on the shape of gradient " + layer + "/"
                            + weight + ": " + shape + " vs " + g.shape());
                }
                values[k] = g.floatBuffer();
            }
            float[] mean = new float[Math.toIntExact(shape.size())];
            weightedMean(samples, values, mean, 0, mean.length);
            return NdArray.wrapFloats(shape, mean);
        });
        return new ShardGradients(total, figures, gradients);
    }

    /**
     * The shards' values combined as {@link #combine} combines gradients, into {@code into[at + i]}: {@code Σ_k
     * (n_k / m) v_k[i]} for {@code i < size}, summed in double over the shards in order from {@code 0.0} (those with
     * {@code n_k = 0} left out, their values unread), {@code m = Σ_k n_k}, rounded to float. The one formula of
     * data-parallel steps, wherever shards exchange their gradients, so that every exchange gives the same bits.
     *
     * <p>Summed {@link #SUMMED_AT_ONCE} values at a time, every shard's in turn, so that the sums stay in the cache,
     * and read where they lie when a buffer has an accessible array (copied a block at a time otherwise): the first
     * shard's terms start the sums ({@code 0.0 + term}, which keeps {@code −0.0} terms' sums {@code +0.0}), the last
     * one's end them and round them into {@code into}. The same additions in the same order as summing whole shards
     * one after another, in fewer passes over the block.
     *
     * @param samples each shard's sample count
     * @param values  each shard's values ({@code null} allowed for a shard without samples)
     * @param into    where the {@code size} means go, from {@code into[at]} on (an exchange passes the array of its
     *                combined gradients, kept from step to step)
     * @throws IllegalArgumentException if no shard holds a sample
     */
    public static void weightedMean(int[] samples, FloatBuffer[] values, float[] into, int at, int size) {
        int total = 0;
        for (int n : samples) {
            total += n;
        }
        if (total == 0) {
            throw new IllegalArgumentException("No shard holds a sample: a step needs at least one");
        }
        int[] filled = IntStream.range(0, samples.length).filter(k -> samples[k] > 0).toArray();
        int last = filled.length - 1;
        float[] block = new float[Math.min(size, SUMMED_AT_ONCE)];
        double[] sum = new double[block.length];
        for (int start = 0; start < size; start += block.length) {
            int count = Math.min(block.length, size - start);
            for (int f = 0; f <= last; f++) {
                FloatBuffer shard = values[filled[f]];
                double share = (double) samples[filled[f]] / total;
                float[] array = block;
                int from = 0;
                if (shard.hasArray()) {
                    array = shard.array();
                    from = shard.arrayOffset() + start;
                } else {
                    shard.get(start, block, 0, count);
                }
                if (f == 0) {
                    startSums(sum, share, array, from, count);
                } else {
                    addScaled(sum, share, array, from, count);
                }
            }
            round(sum, into, at + start, count);
        }
    }

    // The loops of weightedMean as methods of their own: called once a block, they are compiled whole and
    // vectorised early, where weightedMean itself, called once a step, would run an on-stack-replacement compile.

    private static void startSums(double[] sum, double share, float[] values, int from, int count) {
        for (int i = 0; i < count; i++) {
            sum[i] = 0.0 + share * values[from + i];
        }
    }

    private static void addScaled(double[] sum, double share, float[] values, int from, int count) {
        for (int i = 0; i < count; i++) {
            sum[i] += share * values[from + i];
        }
    }

    private static void round(double[] sum, float[] into, int at, int count) {
        for (int i = 0; i < count; i++) {
            into[at + i] = (float) sum[i];
        }
    }
}
