package dev.seqconv.api.losses;

import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;
import java.util.Optional;

/**
 * Categorical cross-entropy for one-hot (or soft) targets exactly as tf.keras 2.x computes it
 * ({@code keras.backend.categorical_crossentropy}; Keras 3 computes the same), summed over the classes (last axis)
 * and averaged over the rest. For targets {@code z} and outputs {@code p}, with {@code ε = 1e-7}:
 * <ul>
 *   <li>on probabilities: {@code p̂_j = p_j / Σ_k p_k} (each row scaled to sum to 1), {@code p'_j = clip(p̂_j, ε,
 *       1 − ε)} (gradient 0 outside), then {@code loss = −Σ_j z_j·log p'_j}.</li>
 *   <li>on logits {@code x} ({@code fromLogits}, or when {@code p} is the direct output of a softmax, whose input
 *       tf.keras then uses in place of {@code p}): {@code loss = Σ_j z_j·(log Σ_k e^{x_k} − x_j)}, TensorFlow's
 *       {@code softmax_cross_entropy_with_logits}, whose gradient is {@code softmax(x)·Σ_j z_j − z}.</li>
 * </ul>
 *
 * @param fromLogits whether the model outputs logits rather than probabilities
 */
public record CategoricalCrossentropy(boolean fromLogits) implements ProbabilisticLoss {

    @Override
    public Activation probabilityActivation() {
        return Activation.SOFTMAX;
    }

    /** On probabilities, Keras's default. */
    public CategoricalCrossentropy() {
        this(false);
    }

    @Override
    public String name() {
        return "categorical_crossentropy";
    }

    @Override
    public Tensor compute(Ops ops, Tensor yTrue, Tensor yPred) {
        Optional<Tensor> logits = SoftmaxCrossentropy.logits(ops, yPred, fromLogits);
        Tensor perRow = logits.isPresent() ? SoftmaxCrossentropy.onLogits(ops, yTrue, logits.get())
                : onProbabilities(ops, yTrue, yPred);
        return ops.mean(perRow);
    }

    private static Tensor onProbabilities(Ops ops, Tensor z, Tensor p) {
        int last = p.rank() - 1;
        Tensor scaled = ops.divide(p, ops.sum(p, true, last));
        Tensor clipped = ops.clip(scaled, BinaryCrossentropy.EPSILON, 1f - BinaryCrossentropy.EPSILON);
        return ops.negate(ops.sum(ops.multiply(z, ops.log(clipped)), false, last));
    }
}
