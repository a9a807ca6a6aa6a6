package dev.seqconv.conformance;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ops.Variable;
import dev.seqconv.api.spi.CompiledFunction;
import dev.seqconv.api.spi.Executor;
import dev.seqconv.api.spi.FunctionDefinition;
import dev.seqconv.api.spi.InferencePlan;
import dev.seqconv.api.spi.PlannedLayer;
import java.util.List;
import java.util.Optional;

/**
 * An engine's executor with every call passed through: the kit's suites (and benchmarks) override the one call they
 * watch or take away.
 */
public class ForwardingExecutor implements Executor {

    private final Executor engine;

    public ForwardingExecutor(Executor engine) {
        this.engine = engine;
    }

    @Override
    public Variable createVariable(String name, NdArray initialValue) {
        return engine.createVariable(name, initialValue);
    }

    @Override
    public NdArray read(Variable variable) {
        return engine.read(variable);
    }

    @Override
    public void write(Variable variable, NdArray value) {
        engine.write(variable, value);
    }

    @Override
    public CompiledFunction compile(FunctionDefinition definition) {
        return engine.compile(definition);
    }

    @Override
    public Optional<InferencePlan> plan(List<PlannedLayer> layers, int batchSize) {
        return engine.plan(layers, batchSize);
    }

    @Override
    public void close() {
        engine.close();
    }
}
