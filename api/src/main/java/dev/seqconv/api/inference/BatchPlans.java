package dev.seqconv.api.inference;

import dev.seqconv.api.spi.Executor;
import dev.seqconv.api.spi.InferencePlan;
import dev.seqconv.api.spi.PlannedLayer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A session's inference plans by batch size, made by its executor on first use of a size (or found impossible,
 * which is remembered too). At most {@link #KEPT} sizes are kept, the least recently used plan closed when a new
 * size comes, so that a session's native memory stays bounded whatever batch sizes it sees. One thread at a time,
 * as its session.
 */
final class BatchPlans implements AutoCloseable {

    /** Batch sizes whose plans a session keeps. */
    static final int KEPT = 4;

    private final Executor executor;
    private final List<PlannedLayer> layers;
    private final Map<Integer, Optional<InferencePlan>> plans = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Optional<InferencePlan>> eldest) {
            if (size() <= KEPT) {
                return false;
            }
            eldest.getValue().ifPresent(InferencePlan::close);
            return true;
        }
    };

    BatchPlans(Executor executor, List<PlannedLayer> layers) {
        this.executor = executor;
        this.layers = List.copyOf(layers);
    }

    /** The plan for batches of {@code batchSize}, or empty when the engine cannot plan the model. */
    Optional<InferencePlan> forBatch(int batchSize) {
        Optional<InferencePlan> plan = plans.get(batchSize);
        if (plan == null) {
            plan = executor.plan(layers, batchSize);
            plans.put(batchSize, plan);
        }
        return plan;
    }

    @Override
    public void close() {
        plans.values().forEach(plan -> plan.ifPresent(InferencePlan::close));
        plans.clear();
    }
}
