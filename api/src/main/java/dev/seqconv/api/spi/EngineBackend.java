package dev.seqconv.api.spi;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A {@link Backend} made of what an engine's provider knows: its id, its engine's version, and how to make an
 * executor.
 *
 * @param id            the provider's id, e.g. {@code nd4j}
 * @param engineVersion the engine and its version
 * @param executors     makes a new, empty executor
 */
public record EngineBackend(String id, String engineVersion, Supplier<Executor> executors) implements Backend {

    public EngineBackend {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(engineVersion, "engineVersion");
        Objects.requireNonNull(executors, "executors");
    }

    @Override
    public Executor newExecutor() {
        return executors.get();
    }
}
