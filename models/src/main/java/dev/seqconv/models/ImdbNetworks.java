package dev.seqconv.models;

import dev.seqconv.api.layers.Conv1D;
import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.Embedding;
import dev.seqconv.api.layers.GlobalMaxPooling1D;
import dev.seqconv.api.layers.MaxPooling1D;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.ops.Activation;

/**
 * The IMDB sentiment network of Deep Learning with Python 6.4 (listing 6.46):
 * <pre>
 * Embedding(max_features, 128, input_length=max_len)
 * Conv1D(32, 7, activation='relu')
 * MaxPooling1D(5)
 * Conv1D(32, 7, activation='relu')
 * GlobalMaxPooling1D()
 * Dense(1)
 * </pre>
 * trained with {@code RMSprop(lr=1e-4)} and binary cross-entropy. As printed, the last layer has no sigmoid,
 * so the loss sees clipped raw outputs; {@link #conv1dSigmoid} adds the missing activation.
 */
public final class ImdbNetworks {

    /** The book's vocabulary: the 10,000 most frequent words. */
    public static final int MAX_FEATURES = 10_000;

    /** The book's sequence length: reviews cut or padded to 500 words. */
    public static final int MAX_LEN = 500;

    private ImdbNetworks() {
    }

    /** The network exactly as the book prints it: {@code Dense(1)} without an activation. */
    public static Sequential conv1d(int maxFeatures, int maxLen, long seed) {
        return build("imdb_conv1d", maxFeatures, maxLen, seed, Activation.LINEAR);
    }

    /** The book's network with the sigmoid its binary cross-entropy expects. */
    public static Sequential conv1dSigmoid(int maxFeatures, int maxLen, long seed) {
        return build("imdb_conv1d_sigmoid", maxFeatures, maxLen, seed, Activation.SIGMOID);
    }

    private static Sequential build(String name, int maxFeatures, int maxLen, long seed, Activation output) {
        return Sequential.builder()
                .name(name)
                .input(Input.ints(maxLen))
                .add(Embedding.of(maxFeatures, 128))
                .add(Conv1D.of(32, 7, Activation.RELU))
                .add(MaxPooling1D.of(5))
                .add(Conv1D.of(32, 7, Activation.RELU))
                .add(GlobalMaxPooling1D.of())
                .add(Dense.of(1, output))
                .seed(seed)
                .build();
    }
}
