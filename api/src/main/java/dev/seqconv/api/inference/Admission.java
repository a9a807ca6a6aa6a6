package dev.seqconv.api.inference;

import dev.seqconv.api.inference.PredictionRejectedException.Reason;
import java.util.Locale;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * A {@link Predictor}'s gate: whether it still takes requests, and the refusals its strategies give. Calls hold
 * the read lock while they check for closing and enqueue; closing takes the write lock, so no request is accepted
 * after {@link #close()} returns.
 */
final class Admission {

    private final String name;
    private final int queueCapacity;
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile boolean closed;

    Admission(String name, int queueCapacity) {
        this.name = name;
        this.queueCapacity = queueCapacity;
    }

    /**
     * Admits a request unless the predictor is closed: {@code admit} runs under the lifecycle's read lock, and
     * what it returns (whether the request found room, say) is returned.
     */
    <T> T admit(Supplier<T> admit) {
        lifecycle.readLock().lock();
        try {
            requireOpen();
            return admit.get();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Stops admitting requests; true the first time, false when already closed. */
    boolean close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
            return true;
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    boolean closed() {
        return closed;
    }

    void requireOpen() {
        if (closed) {
            throw new IllegalStateException("Predictor of model '" + name + "' is closed; make a new one with "
                    + "Predictor.of(model, settings)");
        }
    }

    PredictionRejectedException queueFull() {
        return new PredictionRejectedException(Reason.QUEUE_FULL, "Predictor of model '" + name + "' has "
                + queueCapacity + " requests waiting already (queueCapacity); retry later, add sessions or "
                + "raise PredictorSettings.queueCapacity");
    }

    PredictionRejectedException deadlineExceeded(long deadline, long start) {
        return new PredictionRejectedException(Reason.DEADLINE_EXCEEDED, String.format(Locale.ROOT,
                "Predictor of model '%s': no answer within the request's timeout of %.1f ms; give a longer timeout "
                        + "(predict(x, timeout) or PredictorSettings.timeout) or lighten the load",
                name, (deadline - start) / 1e6));
    }

    static PredictionRejectedException interrupted() {
        Thread.currentThread().interrupt();
        return new PredictionRejectedException(Reason.INTERRUPTED, "Interrupted while waiting for a prediction");
    }

    /** Nanoseconds left until {@code deadline} (a {@link System#nanoTime()}). */
    static long remaining(long deadline) {
        return deadline - System.nanoTime();
    }
}
