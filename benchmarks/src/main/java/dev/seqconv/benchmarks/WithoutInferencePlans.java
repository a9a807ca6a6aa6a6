package dev.seqconv.benchmarks;

import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.spi.EngineBackend;
import dev.seqconv.api.spi.Executor;
import dev.seqconv.api.spi.InferencePlan;
import dev.seqconv.api.spi.PlannedLayer;
import dev.seqconv.conformance.ForwardingExecutor;
import java.util.List;
import java.util.Optional;

/**
 * A backend as it was before inference plans: its executors pass every call to the engine's but offer no plan,
 * so predictions run the composed prediction function. To time what the plans change, in one run.
 */
final class WithoutInferencePlans {

    private WithoutInferencePlans() {
    }

    static Backend of(Backend engine) {
        return new EngineBackend(engine.id(), engine.engineVersion(), () -> new Composed(engine.newExecutor()),
                engine.graphUnrolling());
    }

    /** The engine's executor less its {@link Executor#plan}. */
    private static final class Composed extends ForwardingExecutor {

        Composed(Executor engine) {
            super(engine);
        }

        @Override
        public Optional<InferencePlan> plan(List<PlannedLayer> layers, int batchSize) {
            return Optional.empty();
        }
    }
}
