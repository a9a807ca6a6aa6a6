package dev.seqconv.api.losses;

import dev.seqconv.api.ops.Activation;

/**
 * A loss on class probabilities (Keras's probabilistic losses: the cross-entropies), computed either from
 * probabilities in {@code [0, 1]} (the default) or from logits ({@code fromLogits}).
 */
public interface ProbabilisticLoss extends Loss {

    /** Whether the model outputs logits rather than probabilities. */
    boolean fromLogits();

    /**
     * The activation whose outputs this loss takes as probabilities ({@code sigmoid} for binary cross-entropy,
     * {@code softmax} for the categorical ones): a model's last layer should end in it unless {@link #fromLogits()}.
     */
    Activation probabilityActivation();
}
