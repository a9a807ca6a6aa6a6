package dev.seqconv.api.training;

import dev.seqconv.api.network.ModelWeights;

/**
 * Training steps whose gradients are computed away from the model being trained — by the executors of a cluster,
 * for instance — for {@link dev.seqconv.api.model.Sequential#fit(GradientSteps, FitConfig)}: at each step the model hands over its
 * current weights, receives the combined gradients of one global batch, and applies its optimizer's update to
 * them, so the optimizer's state lives in one place and every update is applied exactly once.
 */
public interface GradientSteps {

    /** The global batches of an epoch. */
    int stepsPerEpoch();

    /**
     * The gradients of global batch {@code step} of epoch {@code epoch} at {@code weights}, combined over its
     * shards ({@link ShardGradients#combine}); the shards draw the dropout masks of training step
     * {@code trainingStep} (see {@link dev.seqconv.api.model.Sequential#computeGradients}).
     */
    ShardGradients compute(int epoch, int step, long trainingStep, ModelWeights weights);
}
