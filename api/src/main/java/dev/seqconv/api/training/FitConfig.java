package dev.seqconv.api.training;

import dev.seqconv.api.callbacks.Callback;
import dev.seqconv.api.checks.Checks;
import dev.seqconv.api.data.BatchSource;
import dev.seqconv.api.ndarray.NdArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The settings of {@code fit}, as Keras's arguments: epochs, batch size, shuffling, validation and callbacks.
 * Build one with {@link #builder()}; defaults are Keras's (1 epoch, batches of 32, shuffled, no validation).
 *
 * @param epochs           the epoch to end at (Keras's {@code epochs})
 * @param batchSize        samples a batch, for array data and Spark tables
 * @param shuffle          whether array data and Spark tables are shuffled each epoch
 * @param validationSplit  the fraction of the array data held out for validation, taken from the end before
 *                         shuffling (Keras's {@code validation_split}); 0 for none
 * @param validationX      validation inputs (Keras's {@code validation_data}), or {@code null}
 * @param validationY      validation targets, with {@code validationX}
 * @param validationSource validation batches from a source, or {@code null}
 * @param callbacks        called around epochs and batches, in order
 * @param shuffleSeed      the seed of the epochs' shuffles; the model's seed when empty
 * @param stepsPerEpoch    at most this many training batches an epoch (Keras's {@code steps_per_epoch}); 0 for all
 * @param validationSteps  at most this many validation batches (Keras's {@code validation_steps}); 0 for all
 * @param initialEpoch     the epoch to start at (Keras's {@code initial_epoch}), to resume an interrupted run
 */
public record FitConfig(int epochs, int batchSize, boolean shuffle, double validationSplit, NdArray validationX,
                        NdArray validationY, BatchSource validationSource, List<Callback> callbacks,
                        OptionalLong shuffleSeed, int stepsPerEpoch, int validationSteps, int initialEpoch) {

    /**
     * Checks every setting; {@link Builder} also checks each value as it is set.
     *
     * @throws IllegalArgumentException if a value is out of its range, no epoch is left to train, validation data
     *                                  lacks its inputs or targets, or several validations are given
     */
    public FitConfig {
        Checks.positive("epochs", epochs);
        Checks.positive("batchSize", batchSize);
        checkValidationSplit(validationSplit);
        Checks.nonNegative("stepsPerEpoch", stepsPerEpoch);
        Checks.nonNegative("validationSteps", validationSteps);
        Checks.nonNegative("initialEpoch", initialEpoch);
        Objects.requireNonNull(shuffleSeed, "shuffleSeed");
        callbacks = List.copyOf(callbacks);
        if ((validationX == null) != (validationY == null)) {
            throw new IllegalArgumentException("validationData needs both the inputs and the targets");
        }
        if (initialEpoch >= epochs) {
            throw new IllegalArgumentException("initialEpoch " + initialEpoch + " leaves no epoch to train: "
                    + "epochs is " + epochs + " (the epoch to end at)");
        }
        int validations = (validationSplit > 0 ? 1 : 0) + (validationX != null ? 1 : 0)
                + (validationSource != null ? 1 : 0);
        if (validations > 1) {
            throw new IllegalArgumentException("Give one of validationSplit, validationData and validation, not several");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The seed of the epochs' sample orders for a model drawn from {@code modelSeed}: {@code shuffleSeed}, else the
     * model's seed; {@code null} when {@code shuffle} is off (the data's own order). Array data and Spark tables
     * follow it alike.
     */
    public Long orderSeed(long modelSeed) {
        return shuffle ? shuffleSeed.orElse(modelSeed) : null;
    }

    private static void checkValidationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("validationSplit must be a finite number in [0, 1), the fraction "
                    + "of the samples held out for validation (0 for none), got " + fraction);
        }
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
            this.initialEpoch = Checks.nonNegative("initialEpoch", epoch);
            return this;
        }

        /** Train on at most {@code steps} batches an epoch. */
        public Builder stepsPerEpoch(int steps) {
            this.stepsPerEpoch = Checks.positive("stepsPerEpoch", steps);
            return this;
        }

        /** Validate on at most {@code steps} batches. */
        public Builder validationSteps(int steps) {
            this.validationSteps = Checks.positive("validationSteps", steps);
            return this;
        }

        public Builder epochs(int epochs) {
            this.epochs = Checks.positive("epochs", epochs);
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = Checks.positive("batchSize", batchSize);
            return this;
        }

        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Keras's {@code validation_split}: the last {@code fraction} of the arrays, taken before shuffling. */
        public Builder validationSplit(double fraction) {
            checkValidationSplit(fraction);
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

        /**
         * @throws IllegalArgumentException if no epoch is left to train, validation data lacks its inputs or
         *                                  targets, or several validations are given
         */
        public FitConfig build() {
            return new FitConfig(epochs, batchSize, shuffle, validationSplit, validationX, validationY,
                    validationSource, callbacks, shuffleSeed, stepsPerEpoch, validationSteps, initialEpoch);
        }
    }
}
