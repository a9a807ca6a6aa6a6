package dev.seqconv.api.layers;

/**
 * What {@link SimpleRNN}, {@link LSTM} and {@link GRU} have in common for a layer that wraps one, such as
 * {@link Bidirectional}: their {@link RecurrentOptions} and a copy with other options.
 */
public sealed interface RecurrentLayer extends Layer permits SimpleRNN, LSTM, GRU {

    /** Units, activations, initializers, dropout, {@code returnSequences}, {@code goBackwards}. */
    RecurrentOptions options();

    /** This layer (same type, name and type-specific settings) with {@code options}. */
    RecurrentLayer withOptions(RecurrentOptions options);

    @Override
    RecurrentLayer withName(String name);

    /** This layer reading its sequence from the last step to the first ({@code true}) or forward. */
    default RecurrentLayer withGoBackwards(boolean goBackwards) {
        return withOptions(options().withGoBackwards(goBackwards));
    }
}
