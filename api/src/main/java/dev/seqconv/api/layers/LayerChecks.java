package dev.seqconv.api.layers;

import dev.seqconv.api.checks.Checks;
import dev.seqconv.api.ndarray.Shape;

/** The argument and shape checks layers share, with messages that name the layer, the problem and the fix. */
final class LayerChecks {

    private LayerChecks() {
    }

    static int positive(String layer, String field, int value) {
        return Checks.positive(layer + ": " + field, value);
    }

    static <T> T present(String layer, String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(layer + ": " + field + " must be set");
        }
        return value;
    }

    /** Checks a {@code (batch, time, features)} input with known time and features. */
    static void sequence(String layer, Shape input) {
        if (input.rank() != 3 || input.dim(1) == Shape.UNKNOWN || input.dim(2) == Shape.UNKNOWN) {
            throw new IllegalArgumentException(layer + " takes sequences shaped (batch, time, features) with known "
                    + "time and features, got " + input + "; put it after a layer that outputs sequences "
                    + "(Embedding, Conv1D, a recurrent layer with returnSequences) or give the model such an input");
        }
    }
}
