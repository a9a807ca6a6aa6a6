package dev.seqconv.spark;

/** A Spark task could not use the backend it was asked for; the message names the executor, its host and why. */
public final class SparkBackendException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    SparkBackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
