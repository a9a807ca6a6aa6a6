package dev.seqconv.api.losses;

/**
 * A loss on class probabilities (Keras's probabilistic losses: the cross-entropies), computed either from
 * probabilities in {@code [0, 1]} (the default) or from logits ({@code fromLogits}).
 */
public interface ProbabilisticLoss extends Loss {

    /** Whether the model outputs logits rather than probabilities. */
    boolean fromLogits();

    @Override
    default boolean expectsProbabilities() {
        return !fromLogits();
    }
}
