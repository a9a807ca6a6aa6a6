package dev.seqconv.api.model;

import dev.seqconv.api.callbacks.Callback;
import dev.seqconv.api.data.BatchSource;
import dev.seqconv.api.ndarray.NdArray;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The settings of {@code fit}, as Keras's arguments: epochs, batch size, shuffling, validation and callbacks.
 * Build one with {@link #builder()}; defaults are Keras's (1 epoch, batches of 32, shuffled, no validation).
 */
public final class FitConfig {

    private final int epochs;
    private final int batchSize;
    private final boolean shuffle;
    private final double validationSplit;
    private final NdArray validationX;
    private final NdArray validationY;
    private final BatchSource validationSource;
    private final List<Callback> callbacks;
    private final OptionalLong shuffleSeed;
    private final int stepsPerEpoch;
    private final int validationSteps;
    private final int initialEpoch;

    private FitConfig(Builder b) {
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.validationSplit = b.validationSplit;
        this.validationX = b.validationX;
        this.validationY = b.validationY;
        this.validationSource = b.validationSource;
        this.callbacks = List.copyOf(b.callbacks);
        this.shuffleSeed = b.shuffleSeed;
        this.stepsPerEpoch = b.stepsPerEpoch;
        this.validationSteps = b.validationSteps;
        this.initialEpoch = b.initialEpoch;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int epochs() {
        return epochs;
    }

    public int batchSize() {
        return batchSize;
    }

    public boolean shuffle() {
        return shuffle;
    }

    /** The fraction of the array data held out for validation, taken from the end before shuffling. */
    public double validationSplit() {
        return validationSplit;
    }

    NdArray validationX() {
        return validationX;
    }

    NdArray validationY() {
        return validationY;
    }

    BatchSource validationSource() {
        return validationSource;
    }

    public List<Callback> callbacks() {
        return callbacks;
    }

    /** The seed of the epochs' shuffles; the model's seed when not set. */
    public OptionalLong shuffleSeed() {
        return shuffleSeed;
    }

    /** At most this many training batches an epoch (Keras's {@code steps_per_epoch}); 0 for all. */
    public int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /** At most this many validation batches (Keras's {@code validation_steps}); 0 for all. */
    public int validationSteps() {
        return validationSteps;
    }

    /** The epoch to start at (Keras's {@code initial_epoch}), to resume an interrupted run. */
    public int initialEpoch() {
        return initialEpoch;
    }

    /** {@code source} cut to {@code steps} batches, or whole when {@code steps} is 0. */
    static BatchSource limited(BatchSource source, int steps) {
        return source == null || steps == 0 ? source : source.limit(steps);
    }

    /** Builds a {@link FitConfig}, checking each value as it is set. */
    public static final class Builder {
        private int epochs = 1;
        private int batchSize = 32;
        private boolean shuffle = true;
        private double validationSplit;
        private NdArray validationX;
        private NdArray validationY;
        private BatchSource validationSource;
        private final List<Callback> callbacks = new ArrayList<>();
        private OptionalLong shuffleSeed = OptionalLong.empty();
        private int stepsPerEpoch;
        private int validationSteps;
        private int initialEpoch;

        private Builder() {
        }

        /** Start at this epoch (0-based), as Keras's {@code initial_epoch}: a resumed run trains the rest. */
        public Builder initialEpoch(int epoch) {
            if (epoch < 0) {
                throw new IllegalArgumentException("initialEpoch must be >= 0, got " + epoch);
            }
            this.initialEpoch = epoch;
            return this;
        }

        /** Train on at most {@code steps} batches an epoch. */
        public Builder stepsPerEpoch(int steps) {
            if (steps <= 0) {
                throw new IllegalArgumentException("stepsPerEpoch must be > 0, got " + steps);
            }
            this.stepsPerEpoch = steps;
            return this;
        }

        /** Validate on at most {@code steps} batches. */
        public Builder validationSteps(int steps) {
            if (steps <= 0) {
                throw new IllegalArgumentException("validationSteps must be > 0, got " + steps);
            }
            this.validationSteps = steps;
            return this;
        }

        public Builder epochs(int epochs) {
            if (epochs <= 0) {
                throw new IllegalArgumentException("epochs must be > 0, got " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        public Builder batchSize(int batchSize) {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Keras's {@code validation_split}: the last {@code fraction} of the arrays, taken before shuffling. */
        public Builder validationSplit(double fraction) {
            if (!(fraction >= 0 && fraction < 1)) {
                throw new IllegalArgumentException("validationSplit must be a finite number in [0, 1), the fraction "
                        + "of the samples held out for validation (0 for none), got " + fraction);
            }
            this.validationSplit = fraction;
            return this;
        }

        /** Keras's {@code validation_data}: separate validation arrays. */
        public Builder validationData(NdArray x, NdArray y) {
            this.validationX = x;
            this.validationY = y;
            return this;
        }

        /** Validation batches from a source, as Keras's {@code validation_data=generator, validation_steps}. */
        public Builder validation(BatchSource source) {
            this.validationSource = source;
            return this;
        }

        public Builder callbacks(Callback... callbacks) {
            this.callbacks.addAll(List.of(callbacks));
            return this;
        }

        public Builder shuffleSeed(long seed) {
            this.shuffleSeed = OptionalLong.of(seed);
            return this;
        }

        public FitConfig build() {
            int validations = (validationSplit > 0 ? 1 : 0) + (validationX != null ? 1 : 0)
                    + (validationSource != null ? 1 : 0);
            if (initialEpoch >= epochs) {
                throw new IllegalArgumentException("initialEpoch " + initialEpoch + " leaves no epoch to train: "
                        + "epochs is " + epochs + " (the epoch to end at)");
            }
            if (validations > 1) {
                throw new IllegalArgumentException(
                        "Give one of validationSplit, validationData and validation, not several");
            }
            return new FitConfig(this);
        }
    }
}
