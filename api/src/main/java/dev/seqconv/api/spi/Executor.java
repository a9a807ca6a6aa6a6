package dev.seqconv.api.spi;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ops.Variable;
import java.util.List;
import java.util.Optional;

/**
 * The state of one model inside an engine (its variables, in native memory) and the functions compiled over
 * it. Not thread-safe: one thread at a time. Closing it frees the native memory; using it afterwards throws
 * {@link IllegalStateException}.
 */
public interface Executor extends AutoCloseable {

    /** A new variable holding a copy of {@code initialValue}. Names must be unique within the executor. */
    Variable createVariable(String name, NdArray initialValue);

    /** A copy of the variable's current value. */
    NdArray read(Variable variable);

    /** Replaces the variable's value with a copy of {@code value}, which must have the variable's shape and type. */
    void write(Variable variable, NdArray value);

    /**
     * Prepares a function for repeated calls: graph engines trace it once, eager engines run it at each call.
     */
    CompiledFunction compile(FunctionDefinition definition);

    /**
     * An {@linkplain InferencePlan inference plan} of {@code layers} (a model's layers in order, with the weights
     * to plan with) for batches of {@code batchSize}, or empty when the engine cannot plan that stack (a layer or
     * configuration it has no whole-layer kernel for): the caller then runs the composed prediction function. A
     * capability, as the fused kernels are; the caller closes the plan, before closing this executor.
     */
    default Optional<InferencePlan> plan(List<PlannedLayer> layers, int batchSize) {
        return Optional.empty();
    }

    @Override
    void close();
}
