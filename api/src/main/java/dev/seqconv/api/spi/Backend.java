package dev.seqconv.api.spi;

import java.util.Optional;

/**
 * An engine that runs seqconv models. It makes one {@link Executor} per compiled model; the executor owns the
 * model's native memory.
 */
public interface Backend {

    /** The provider's id, e.g. {@code tensorflow}. */
    String id();

    /** The engine and its version, e.g. {@code TensorFlow 2.18.0 (TensorFlow Java 1.1.0)}. */
    String engineVersion();

    /** A new, empty executor. The caller closes it. */
    Executor newExecutor();

    /** How the engine's graphs grow with a recurrence's time steps, if it unrolls recurrences; else empty. */
    default Optional<GraphUnrolling> graphUnrolling() {
        return Optional.empty();
    }
}
