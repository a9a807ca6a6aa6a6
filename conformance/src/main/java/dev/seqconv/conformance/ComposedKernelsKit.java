package dev.seqconv.conformance;

import dev.seqconv.api.spi.Backend;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/**
 * The suites whose operations an engine may run as fused kernels (the Conv1D layer, the GRU recurrence, the RMSprop
 * update), for a backend that offers them, run on {@link #withoutFusedKernels()}: the composed forms, which the
 * engine still runs for configurations its kernels do not support, held to the same reference as the fused ones
 * that {@link ConformanceKit} checks.
 *
 * <pre>{@code
 * class MyEngineComposedConformanceTest extends ComposedKernelsKit {
 *     protected Backend withoutFusedKernels() { return MyEngine.backend(false); }
 * }
 * }</pre>
 */
public abstract class ComposedKernelsKit {

    /** The backend under test with its fused kernels turned off (its {@code Kernels} offer none). */
    protected abstract Backend withoutFusedKernels();

    @Nested
    @Tag("layers")
    class Layers extends LayerConformanceSuite {
        @Override
        protected Backend backend() {
            return withoutFusedKernels();
        }
    }

    @Nested
    @Tag("recurrent")
    class Recurrent extends RecurrentConformanceSuite {
        @Override
        protected Backend backend() {
            return withoutFusedKernels();
        }
    }

    @Nested
    @Tag("optimizers")
    class Optimizers extends OptimizerConformanceSuite {
        @Override
        protected Backend backend() {
            return withoutFusedKernels();
        }
    }
}
