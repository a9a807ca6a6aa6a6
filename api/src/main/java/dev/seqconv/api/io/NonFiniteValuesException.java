package dev.seqconv.api.io;

/**
 * A save refused because a value to save holds NaN or infinite numbers: such a file could never be loaded, so
 * it is not written and the previous file under that name, if any, is kept.
 */
public final class NonFiniteValuesException extends IllegalArgumentException {

    NonFiniteValuesException(String message) {
        super(message);
    }
}
