package dev.seqconv.api.inference;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.network.InferencePlans;
import dev.seqconv.api.network.LayerStack;
import dev.seqconv.api.network.ModelWeights;
import dev.seqconv.api.ops.Variable;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.spi.CompiledFunction;
import dev.seqconv.api.spi.Executor;
import dev.seqconv.api.spi.InferencePlan;
import java.util.ArrayList;
import java.util.List;

/**
 * An executor holding a copy of a model's weights and only a prediction function: no optimizer slots, no
 * step counter, no gradient graph. A batch runs on the engine's {@linkplain InferencePlan inference plan} for its
 * size (rounded up, padded: {@link InferencePlans}) where the engine can plan the model, else on the prediction
 * function. One thread at a time, as any executor.
 */
final class PredictSession implements AutoCloseable {

    private final Executor executor;
    private final CompiledFunction predict;
    private final InferencePlans plans;

    /** A session for batches of up to {@code maxBatchSize} samples. */
    PredictSession(Backend backend, LayerStack stack, ModelWeights weights, int maxBatchSize) {
        executor = backend.newExecutor();
        try {
            List<LayerStack.NamedWeight> named = stack.weights();
            List<Variable> variables = new ArrayList<>(named.size());
            for (int i = 0; i < named.size(); i++) {
                LayerStack.NamedWeight weight = named.get(i);
                variables.add(executor.createVariable(weight.name(), weights.get(weight.layer(), weight.spec().name())));
            }
            predict = executor.compile(stack.predictFunction("predict", variables));
            plans = new InferencePlans(executor, stack, weights, maxBatchSize);
        } catch (RuntimeException e) {
            executor.close();
            throw e;
        }
    }

    /** The model's outputs for a checked batch. */
    NdArray run(NdArray x) {
        return plans.run(x, predict);
    }

    /** The model's outputs for checked requests' samples run as one batch, one request's rows after another's. */
    NdArray run(List<NdArray> requests) {
        return plans.run(requests, predict);
    }

    /** The executor holding the weights and the prediction function. */
    Executor executor() {
        return executor;
    }

    @Override
    public void close() {
        try {
            plans.close();
        } finally {
            executor.close();
        }
    }
}
