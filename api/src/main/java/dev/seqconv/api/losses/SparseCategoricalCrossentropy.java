package dev.seqconv.api.losses;

import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;
import java.util.Optional;

/**
 * Categorical cross-entropy for integer class ids, exactly as tf.keras 2.x computes it
 * ({@code keras.backend.sparse_categorical_crossentropy}; Keras 3 computes the same), averaged over the rows.
 * Targets {@code y} are class ids in {@code [0, classes)} shaped as the outputs with a last dimension of 1 (see
 * {@link #takesClassIds()}); with {@code ε = 1e-7}:
 * <ul>
 *   <li>on probabilities {@code p}: {@code p' = clip(p, ε, 1 − ε)} (gradient 0 outside), then TensorFlow's
 *       {@code sparse_softmax_cross_entropy_with_logits} on {@code log p'}: {@code loss = log Σ_k p'_k − log p'_y}.
 *       Unlike {@link CategoricalCrossentropy}, the row is normalized after clipping, not before.</li>
 *   <li>on logits {@code x} ({@code fromLogits}, or the input of a softmax output as for
 *       {@link CategoricalCrossentropy}): {@code loss = log Σ_k e^{x_k} − x_y}, gradient {@code softmax(x) − onehot(y)}.</li>
 * </ul>
 *
 * @param fromLogits whether the model outputs logits rather than probabilities
 */
public record SparseCategoricalCrossentropy(boolean fromLogits) implements ProbabilisticLoss {

    @Override
    public Activation probabilityActivation() {
        return Activation.SOFTMAX;
    }

    /** On probabilities, Keras's default. */
    public SparseCategoricalCrossentropy() {
        this(false);
    }

    @Override
    public String name() {
        return "sparse_categorical_crossentropy";
    }

    @Override
    public boolean takesClassIds() {
        return true;
    }

    @Override
    public Tensor compute(Ops ops, Tensor yTrue, Tensor yPred) {
        Tensor z = SoftmaxCrossentropy.oneHot(ops, yTrue, yPred.shape().dim(-1));
        Optional<Tensor> logits = SoftmaxCrossentropy.logits(ops, yPred, fromLogits);
        Tensor x = logits.orElseGet(() ->
                ops.log(ops.clip(yPred, BinaryCrossentropy.EPSILON, 1f - BinaryCrossentropy.EPSILON)));
        return ops.mean(SoftmaxCrossentropy.onLogits(ops, z, x));
    }
}
