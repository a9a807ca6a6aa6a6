package dev.seqconv.api.model;

import dev.seqconv.api.autodiff.TapeOps;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.ops.Variable;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.spi.CompiledFunction;
import dev.seqconv.api.spi.Executor;
import dev.seqconv.api.spi.FunctionDefinition;
import dev.seqconv.api.spi.FunctionResult;
import dev.seqconv.api.spi.TensorSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * An executor holding a copy of a model's weights and only a prediction function: no optimizer slots, no
 * step counter, no gradient graph. One thread at a time, as any executor.
 */
final class PredictSession implements AutoCloseable {

    private final Executor executor;
    private final CompiledFunction predict;

    PredictSession(Backend backend, LayerStack stack, List<NdArray> weights) {
        executor = backend.newExecutor();
        try {
            List<LayerStack.NamedWeight> named = stack.weights();
            List<Variable> variables = new ArrayList<>(named.size());
            for (int i = 0; i < named.size(); i++) {
                variables.add(executor.createVariable(named.get(i).name(), weights.get(i)));
            }
            new UnrolledGraphEstimate(stack, backend, MemoryEstimate.physicalMemory()).checkInference();
            predict = executor.compile(predictFunction("predict", stack, variables));
        } catch (RuntimeException e) {
            executor.close();
            throw e;
        }
    }

    /**
     * The inference function of {@code stack} over {@code weights}: one input {@code x} (any batch size), one
     * output, no assignments.
     */
    static FunctionDefinition predictFunction(String name, LayerStack stack, List<Variable> weights) {
        TensorSpec x = new TensorSpec("x", stack.input().batchShape(), stack.input().dataType());
        return new FunctionDefinition(name, List.of(x), (kernels, in) -> {
            TapeOps ops = TapeOps.inference(kernels);
            List<Tensor> w = weights.stream().map(ops::read).toList();
            return new FunctionResult(List.of(stack.forward(ops, in.get(0), w)), List.of());
        });
    }

    /** The model's outputs for a checked batch. */
    NdArray run(NdArray x) {
        return predict.call(List.of(x)).get(0);
    }

    @Override
    public void close() {
        executor.close();
    }
}
