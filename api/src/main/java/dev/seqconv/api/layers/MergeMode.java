package dev.seqconv.api.layers;

/**
 * How {@link Bidirectional} joins its forward output {@code f} and its backward output {@code b}, as Keras's
 * {@code merge_mode}.
 */
public enum MergeMode {
    /** {@code [f, b]} along the last axis, the forward half first (Keras's default, {@code "concat"}). */
    CONCAT,
    /** {@code f + b} ({@code "sum"}). */
    SUM,
    /** {@code f ⊙ b} ({@code "mul"}). */
    MUL,
    /** {@code (f + b) / 2} ({@code "ave"}). */
    AVE,
    /**
     * Keras's {@code merge_mode=None}, which returns {@code f} and {@code b} as two tensors. A layer here has one
     * output, so {@link Bidirectional} refuses it and says to use {@link #CONCAT}, which holds the same values.
     */
    NONE
}
