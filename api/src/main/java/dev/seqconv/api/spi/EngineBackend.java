package dev.seqconv.api.spi;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A {@link Backend} made of what an engine's provider knows: its id, its engine's version, how to make an
 * executor, and whether it unrolls recurrences.
 *
 * @param id             the provider's id, e.g. {@code nd4j}
 * @param engineVersion  the engine and its version
 * @param executors      makes a new, empty executor
 * @param graphUnrolling how its graphs grow with a recurrence's time steps, or empty
 */
public record EngineBackend(String id, String engineVersion, Supplier<Executor> executors,
                            Optional<GraphUnrolling> graphUnrolling) implements Backend {

    public EngineBackend {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(engineVersion, "engineVersion");
        Objects.requireNonNull(executors, "executors");
        Objects.requireNonNull(graphUnrolling, "graphUnrolling");
    }

    /** An engine that runs recurrences step by step, or offers a fused kernel for them: its graphs do not grow. */
    public EngineBackend(String id, String engineVersion, Supplier<Executor> executors) {
        this(id, engineVersion, executors, Optional.empty());
    }

    @Override
    public Executor newExecutor() {
        return executors.get();
    }
}
