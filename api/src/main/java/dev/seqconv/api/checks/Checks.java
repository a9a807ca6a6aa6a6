package dev.seqconv.api.checks;

/** Argument checks that name the value and what it must be: {@code batchSize must be > 0, got 0}. */
public final class Checks {

    private Checks() {
    }

    /**
     * @param name  the value as the caller knows it, e.g. {@code batchSize} or {@code Conv1D: filters}
     * @return {@code value}
     * @throws IllegalArgumentException if {@code value <= 0}
     */
    public static int positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
        return value;
    }

    /**
     * @param name  the value as the caller knows it
     * @return {@code value}
     * @throws IllegalArgumentException if {@code value < 0}
     */
    public static int nonNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
        return value;
    }
}
