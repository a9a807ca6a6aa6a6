package dev.seqconv.api.inference;

/**
 * A {@link Predictor} did not answer a request because it was overloaded or the request's deadline passed. The
 * request did no harm: the predictor and every other request go on. Retry later, or with a longer deadline.
 */
public final class PredictionRejectedException extends RuntimeException {

    /** Why a request was not answered. */
    public enum Reason {
        /** The predictor's queue held {@link PredictorSettings#queueCapacity()} requests already. */
        QUEUE_FULL,
        /** The request's deadline passed before its answer was ready. */
        DEADLINE_EXCEEDED,
        /** The calling thread was interrupted while it waited (its interrupt flag is set again). */
        INTERRUPTED
    }

    private final Reason reason;

    PredictionRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Why the request was not answered. */
    public Reason reason() {
        return reason;
    }
}
