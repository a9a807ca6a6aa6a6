package dev.seqconv.models;

import dev.seqconv.api.layers.Conv1D;
import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.GRU;
import dev.seqconv.api.layers.GlobalMaxPooling1D;
import dev.seqconv.api.layers.MaxPooling1D;
import dev.seqconv.api.layers.RecurrentOptions;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.ops.Activation;

/**
 * The temperature-forecasting networks of Deep Learning with Python 6.3 and 6.4, for sequences of
 * {@code timesteps} steps of the Jena record's 14 features, each ending in {@code Dense(1)} (trained with MAE).
 * The book declares {@code input_shape=(None, 14)}; here the number of steps is fixed (240 in both settings).
 */
public final class JenaNetworks {

    /** The Jena record's features per step. */
    public static final int FEATURES = 14;

    private JenaNetworks() {
    }

    /** Listing 6.47: three Conv1D(32, 5) with MaxPooling1D(3) between them, GlobalMaxPooling1D, Dense(1). */
    public static Sequential conv1d(int timesteps, long seed) {
        return Sequential.builder().name("jena_conv1d").input(Input.floats(timesteps, FEATURES))
                .add(Conv1D.of(32, 5, Activation.RELU))
                .add(MaxPooling1D.of(3))
                .add(Conv1D.of(32, 5, Activation.RELU))
                .add(MaxPooling1D.of(3))
                .add(Conv1D.of(32, 5, Activation.RELU))
                .add(GlobalMaxPooling1D.of())
                .add(Dense.of(1))
                .seed(seed)
                .build();
    }

    /**
     * Listing 6.49: Conv1D(32, 5), MaxPooling1D(3), Conv1D(32, 5), then GRU(32, dropout=0.1,
     * recurrent_dropout=0.5) and Dense(1): 13,793 parameters with tf.keras 2.x's {@code reset_after=True},
     * 13,697 with {@code False} (the book's Keras 2.0).
     */
    public static Sequential conv1dGru(int timesteps, boolean resetAfter, long seed) {
        RecurrentOptions gru = RecurrentOptions.builder(32).dropout(0.1).recurrentDropout(0.5).build();
        return Sequential.builder().name("jena_conv_gru").input(Input.floats(timesteps, FEATURES))
                .add(Conv1D.of(32, 5, Activation.RELU))
                .add(MaxPooling1D.of(3))
                .add(Conv1D.of(32, 5, Activation.RELU))
                .add(GRU.of(gru).withResetAfter(resetAfter))
                .add(Dense.of(1))
                .seed(seed)
                .build();
    }

    /** Listing 6.39: GRU(32) and Dense(1). */
    public static Sequential gru(int timesteps, long seed) {
        return Sequential.builder().name("jena_gru").input(Input.floats(timesteps, FEATURES))
                .add(GRU.of(32))
                .add(Dense.of(1))
                .seed(seed)
                .build();
    }

    /** Listing 6.40: GRU(32, dropout=0.2, recurrent_dropout=0.2) and Dense(1). */
    public static Sequential gruRegularized(int timesteps, long seed) {
        return Sequential.builder().name("jena_gru_regularized").input(Input.floats(timesteps, FEATURES))
                .add(GRU.of(RecurrentOptions.builder(32).dropout(0.2).recurrentDropout(0.2).build()))
                .add(Dense.of(1))
                .seed(seed)
                .build();
    }
}
