package dev.seqconv.api.network;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.spi.CompiledFunction;
import dev.seqconv.api.spi.Executor;
import dev.seqconv.api.spi.InferencePlan;
import dev.seqconv.api.spi.PlannedLayer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model's inference plans by batch size over one executor (a predict session's, or a compiled model's until its
 * weights change), made on first use of a size from the weights given (or found impossible, which is remembered
 * too). At most {@link #KEPT} sizes are kept, the least recently used plan closed when a new size comes, so that
 * native memory stays bounded whatever batch sizes come. One thread at a time, as its executor; close it before the
 * executor.
 */
public final class InferencePlans implements AutoCloseable {

    /** Batch sizes whose plans are kept. */
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

    /** The plans of {@code stack} with {@code weights} on {@code executor}, none made yet. */
    public InferencePlans(Executor executor, LayerStack stack, ModelWeights weights) {
        this.executor = executor;
        this.layers = stack.plannedLayers(weights);
    }

    /** The plan for batches of {@code batchSize}, or empty when the engine cannot plan the model. */
    public Optional<InferencePlan> forBatch(int batchSize) {
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

    /** The model's outputs for {@code x}: on the plan for its batch size, else on the composed {@code predict}. */
    public NdArray run(NdArray x, CompiledFunction predict) {
        Optional<InferencePlan> plan = forBatch(x.shape().dim(0));
        return plan.isPresent() ? plan.get().run(x) : predict.call(List.of(x)).get(0);
    }
}
