package dev.seqconv.api.losses;

import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;
import java.util.Optional;

/**
 * Binary cross-entropy exactly as tf.keras 2.x computes it ({@code keras.backend.binary_crossentropy}), averaged
 * over all entries. For targets {@code z} and outputs {@code p}, with {@code ε = 1e-7}:
 * <ul>
 *   <li>on probabilities: {@code p' = clip(p, ε, 1 − ε)} (gradient 0 outside), then
 *       {@code loss = −[z·log(p' + ε) + (1 − z)·log(1 − p' + ε)]}. This is what the chapter's {@code Dense(1)}
 *       without a sigmoid trains under.</li>
 *   <li>on logits {@code x} ({@code fromLogits}, or when {@code p} is the direct output of a sigmoid, whose
 *       input tf.keras then uses in place of {@code p}): {@code loss = max(x, 0) − x·z + log(1 + e^{−|x|})},
 *       TensorFlow's {@code sigmoid_cross_entropy_with_logits}, whose gradient is {@code sigmoid(x) − z}.</li>
 * </ul>
 * Targets are labels 0 and 1, or probabilities between. As in Keras, others (7, −1) are not refused: the formula
 * is computed with them as given (the loss can then go negative and never reach a minimum), and the model logs a
 * warning the first time a target lies outside {@code [0, 1]}; class ids of more than two classes belong to
 * {@link SparseCategoricalCrossentropy}.
 *
 * @param fromLogits whether the model outputs logits rather than probabilities
 */
public record BinaryCrossentropy(boolean fromLogits) implements ProbabilisticLoss {

    @Override
    public Activation probabilityActivation() {
        return Activation.SIGMOID;
    }

    /** Keras's fuzz factor {@code epsilon()}. */
    public static final float EPSILON = 1e-7f;

    /** On probabilities, Keras's default. */
    public BinaryCrossentropy() {
        this(false);
    }

    @Override
    public String name() {
        return "binary_crossentropy";
    }

    @Override
    public boolean takesTargetsInUnitInterval() {
        return true;
    }

    @Override
    public Tensor compute(Ops ops, Tensor yTrue, Tensor yPred) {
        Optional<Tensor> logits = fromLogits ? Optional.of(yPred) : ops.logitsOf(yPred, Activation.SIGMOID);
        Tensor perEntry = logits.isPresent() ? onLogits(ops, yTrue, logits.get()) : onProbabilities(ops, yTrue, yPred);
        return ops.mean(perEntry);
    }

    private static Tensor onProbabilities(Ops ops, Tensor z, Tensor p) {
        Tensor clipped = ops.clip(p, EPSILON, 1f - EPSILON);
        Tensor positive = ops.multiply(z, ops.log(ops.add(clipped, EPSILON)));
        Tensor oneMinusZ = ops.subtract(ops.scalar(1f), z);
        Tensor negative = ops.multiply(oneMinusZ, ops.log(ops.add(ops.subtract(ops.scalar(1f), clipped), EPSILON)));
        return ops.negate(ops.add(positive, negative));
    }

    private static Tensor onLogits(Ops ops, Tensor z, Tensor x) {
        // TensorFlow's stable form; maximum() routes the gradient at x = 0 as its where(x >= 0, ...) does.
        Tensor reluX = ops.maximum(x, ops.scalar(0f));
        Tensor negAbsX = ops.negate(ops.maximum(x, ops.negate(x)));
        Tensor softplus = ops.log(ops.add(ops.exp(negAbsX), 1f));
        return ops.add(ops.subtract(reluX, ops.multiply(x, z)), softplus);
    }
}
