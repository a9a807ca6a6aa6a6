package dev.seqconv.api.layers;

import dev.seqconv.api.initializers.GlorotUniform;
import dev.seqconv.api.initializers.Initializer;
import dev.seqconv.api.initializers.Orthogonal;
import dev.seqconv.api.initializers.Zeros;
import dev.seqconv.api.ops.Activation;

/**
 * The settings {@link GRU}, {@link LSTM} and {@link SimpleRNN} share, with tf.keras 2.x's defaults.
 *
 * @param units                the size of the state and output
 * @param activation           the candidate and output activation (tanh)
 * @param recurrentActivation  the gates' activation (sigmoid; unused by SimpleRNN)
 * @param useBias              whether the layer has biases
 * @param kernelInitializer    for the input kernel (Glorot uniform)
 * @param recurrentInitializer for the recurrent kernel (orthogonal)
 * @param biasInitializer      for the biases (zeros)
 * @param dropout              the fraction of the inputs dropped in training, per gate, one mask per sequence
 * @param recurrentDropout     the fraction of the state dropped in training, per gate, one mask per sequence
 * @param returnSequences      whether to output every step {@code (batch, time, units)} rather than the last
 *                             {@code (batch, units)}
 * @param goBackwards          whether to read the sequence from its last step to its first, as Keras's
 *                             {@code go_backwards}: the layer runs on {@code x[T−1], …, x[0]}, and with
 *                             {@code returnSequences} its output sequence comes in that reading order (step t of
 *                             the output is the state after {@code x[T−1], …, x[T−1−t]})
 */
public record RecurrentOptions(int units, Activation activation, Activation recurrentActivation, boolean useBias,
                               Initializer kernelInitializer, Initializer recurrentInitializer,
                               Initializer biasInitializer, double dropout, double recurrentDropout,
                               boolean returnSequences, boolean goBackwards) {

    public RecurrentOptions {
        LayerChecks.positive("Recurrent layer", "units", units);
        LayerChecks.present("Recurrent layer", "activation", activation);
        LayerChecks.present("Recurrent layer", "recurrentActivation", recurrentActivation);
        LayerChecks.present("Recurrent layer", "kernelInitializer", kernelInitializer);
        LayerChecks.present("Recurrent layer", "recurrentInitializer", recurrentInitializer);
        LayerChecks.present("Recurrent layer", "biasInitializer", biasInitializer);
        if (!(dropout >= 0 && dropout < 1) || !(recurrentDropout >= 0 && recurrentDropout < 1)) {
            throw new IllegalArgumentException("Recurrent layer: dropout and recurrentDropout must be in [0, 1), got "
                    + dropout + " and " + recurrentDropout);
        }
    }

    /** Keras's defaults for a layer of {@code units} units. */
    public static RecurrentOptions of(int units) {
        return builder(units).build();
    }

    public static Builder builder(int units) {
        return new Builder(units);
    }

    /** These options with {@code go_backwards} set. */
    public RecurrentOptions withGoBackwards(boolean goBackwards) {
        return new RecurrentOptions(units, activation, recurrentActivation, useBias, kernelInitializer,
                recurrentInitializer, biasInitializer, dropout, recurrentDropout, returnSequences, goBackwards);
    }

    /** Builds {@link RecurrentOptions}; unset settings take Keras's defaults. */
    public static final class Builder {
        private final int units;
        private Activation activation = Activation.TANH;
        private Activation recurrentActivation = Activation.SIGMOID;
        private boolean useBias = true;
        private Initializer kernelInitializer = new GlorotUniform();
        private Initializer recurrentInitializer = new Orthogonal();
        private Initializer biasInitializer = new Zeros();
        private double dropout;
        private double recurrentDropout;
        private boolean returnSequences;
        private boolean goBackwards;

        private Builder(int units) {
            this.units = units;
        }

        public Builder activation(Activation activation) {
            this.activation = activation;
            return this;
        }

        public Builder recurrentActivation(Activation recurrentActivation) {
            this.recurrentActivation = recurrentActivation;
            return this;
        }

        public Builder useBias(boolean useBias) {
            this.useBias = useBias;
            return this;
        }

        public Builder kernelInitializer(Initializer kernelInitializer) {
            this.kernelInitializer = kernelInitializer;
            return this;
        }

        public Builder recurrentInitializer(Initializer recurrentInitializer) {
            this.recurrentInitializer = recurrentInitializer;
            return this;
        }

        public Builder biasInitializer(Initializer biasInitializer) {
            this.biasInitializer = biasInitializer;
            return this;
        }

        public Builder dropout(double dropout) {
            this.dropout = dropout;
            return this;
        }

        public Builder recurrentDropout(double recurrentDropout) {
            this.recurrentDropout = recurrentDropout;
            return this;
        }

        public Builder returnSequences(boolean returnSequences) {
            this.returnSequences = returnSequences;
            return this;
        }

        public Builder goBackwards(boolean goBackwards) {
            this.goBackwards = goBackwards;
            return this;
        }

        public RecurrentOptions build() {
            return new RecurrentOptions(units, activation, recurrentActivation, useBias, kernelInitializer,
                    recurrentInitializer, biasInitializer, dropout, recurrentDropout, returnSequences, goBackwards);
        }
    }
}
