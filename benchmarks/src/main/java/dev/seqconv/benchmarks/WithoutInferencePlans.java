package dev.seqconv.benchmarks;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ops.Variable;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.spi.CompiledFunction;
import dev.seqconv.api.spi.EngineBackend;
import dev.seqconv.api.spi.Executor;
import dev.seqconv.api.spi.FunctionDefinition;

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
    private record Composed(Executor engine) implements Executor {

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
        public void close() {
            engine.close();
        }
    }
}
