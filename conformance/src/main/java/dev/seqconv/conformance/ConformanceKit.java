package dev.seqconv.conformance;

import dev.seqconv.api.spi.Backend;
import org.junit.jupiter.api.Nested;

/**
 * The conformance kit, the one class a backend's tests extend: every suite, run as a {@link Nested} class on
 * {@link #backend()}. Each checks the engine against double-precision formulas ({@code reference}) or against
 * behaviour every engine must share: the primitive operations and their gradients, every layer forward and
 * backward, losses, optimizers (one step against the formula), recurrences, models (build, fit, evaluate, predict,
 * save and load), training loops and callbacks, the {@code Predictor}, data-parallel gradients, concurrent use,
 * long sequences, and the bad-input catalogue (each refusal names the problem and the fix).
 *
 * <pre>{@code
 * class MyEngineConformanceTest extends ConformanceKit {
 *     protected Backend backend() { return Backends.get("my-engine"); }
 * }
 * }</pre>
 *
 * A backend that offers fused kernels (capabilities such as {@code Kernels.gru()}) also runs
 * {@link ComposedKernelsKit} on itself with them turned off.
 */
public abstract class ConformanceKit {

    /** The backend under test; called by every test, so it should return one instance (or a cheap one). */
    protected abstract Backend backend();

    /**
     * How the backend reaches users: {@link Plugging#SERVICE_LOADER} (the default) for a backend registered in
     * {@code META-INF/services}, which the discovery suite then checks.
     */
    protected Plugging plugging() {
        return Plugging.SERVICE_LOADER;
    }

    @Nested
    class Ops extends OpsConformanceSuite {
        @Override
        protected Backend backend() {
            return ConformanceKit.this.backend();
        }
    }

    @Nested
    class Layers extends LayerConformanceSuite {
        @Override
        protected Backend backend() {
            return ConformanceKit.this.backend();
        }
    }

    @Nested
    class Losses extends LossConformanceSuite {
        @Override
        protected Backend backend() {
            return ConformanceKit.this.backend();
        }
    }

    @Nested
    class Optimizers extends OptimizerConformanceSuite {
        @Override
        protected Backend backend() {
            return ConformanceKit.this.backend();
        }
    }

    @Nested
    class Recurrent extends RecurrentConformanceSuite {
        @Override
        protected Backend backend() {
            return ConformanceKit.this.backend();
        }
    }

    @Nested
    class Models extends ModelConformanceSuite {
        @Override
        protected Backend backend() {
            return ConformanceKit.this.backend();
        }
    }

    @Nested
    class Training extends TrainingConformanceSuite {
        @Override
        protected Backend backend() {
            return ConformanceKit.this.backend();
        }
    }

    @Nested
    class Predictor extends PredictorConformanceSuite {
        @Override
        protected Backend backend() {
            return ConformanceKit.this.backend();
        }
    }

    @Nested
    class DataParallel extends DataParallelConformanceSuite {
        @Override
        protected Backend backend() {
            return ConformanceKit.this.backend();
        }
    }

    @Nested
    class Concurrency extends ConcurrencyConformanceSuite {
        @Override
        protected Backend backend() {
            return ConformanceKit.this.backend();
        }
    }

    @Nested
    class LongSequences extends LongSequenceConformanceSuite {
        @Override
        protected Backend backend() {
            return ConformanceKit.this.backend();
        }
    }

    @Nested
    class BadInput extends BadInputConformanceSuite {
        @Override
        protected Backend backend() {
            return ConformanceKit.this.backend();
        }
    }

    @Nested
    class Discovery extends DiscoveryConformanceSuite {
        @Override
        protected Backend backend() {
            return ConformanceKit.this.backend();
        }

        @Override
        protected Plugging plugging() {
            return ConformanceKit.this.plugging();
        }
    }
}
