package dev.seqconv.api.model;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A model's thread ownership: one call in progress at a time, none after closing. A call that only reads the
 * model may also run within the call in progress on the same thread, as a callback reads the model during fit.
 */
final class CallGuard {

    private final String name;
    /** The thread running the model's current call, or null. */
    private final AtomicReference<Thread> owner = new AtomicReference<>();
    private boolean closed;

    /** @param name the model's, for messages */
    CallGuard(String name) {
        this.name = name;
    }

    /** Runs {@code action} as the only call in progress on the open model. */
    <T> T exclusive(Supplier<T> action) {
        Thread current = Thread.currentThread();
        if (!owner.compareAndSet(null, current)) {
            throw new IllegalStateException(owner.get() == current
                    ? "Model '" + name + "' is running fit or another call on this thread, which this call would "
                            + "disturb; from a callback, read the model (getWeights, saveWeights, saveCheckpoint) "
                            + "or use the TrainingRun it is given"
                    : "Model '" + name + "' is already running a call in another thread; a model runs one call at "
                            + "a time: use one model per thread");
        }
        try {
            return run(action);
        } finally {
            owner.set(null);
        }
    }

    /**
     * Runs {@code action}, which only reads the model, as {@link #exclusive} does, or within the call in progress
     * when that call runs on this thread.
     */
    <T> T reading(Supplier<T> action) {
        return owner.get() == Thread.currentThread() ? run(action) : exclusive(action);
    }

    /**
     * Runs {@code release} and marks the model closed, unless a call is in progress; closing twice runs
     * {@code release} twice, which must be harmless.
     */
    void close(Runnable release) {
        if (!owner.compareAndSet(null, Thread.currentThread())) {
            throw new IllegalStateException("Model '" + name + "' is in use by a call in progress; close it after that "
                    + "call returns");
        }
        try {
            release.run();
            closed = true;
        } finally {
            owner.set(null);
        }
    }

    private <T> T run(Supplier<T> action) {
        if (closed) {
            throw new IllegalStateException("Model '" + name + "' is closed; build a new model to use it again");
        }
        return action.get();
    }
}
