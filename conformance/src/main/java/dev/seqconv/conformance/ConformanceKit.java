package dev.seqconv.conformance;

import dev.seqconv.api.spi.Backend;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/**
 * The conformance kit, the one class a backend's tests extend: every suite, run as a {@link Nested} class on
 * {@link #backend()}. Each checks the engine against double-precision formulas (package {@code reference}) or
 * against behaviour every engine must share: the primitive operations and their gradients, every layer forward
 * and backward, losses, optimizers (one step against the formula), recurrences, models (build, fit, evaluate,
 * predict, save and load), training loops and callbacks, the {@code Predictor}, inference plans, data-parallel gradients,
 * concurrent use, long sequences, the bad-input catalogue (each refusal names the problem and the fix), and
 * discovery.
 *
 * <pre>{@code
 * class MyEngineConformanceTest extends ConformanceKit {
 *     protected Backend backend() { return Backends.get("my-engine"); }
 * }
 * }</pre>
 *
 * Each suite carries a tag, to run it alone: {@code mvn test -Dtest=MyEngineConformanceTest -Dgroups=bad-input}.
 *
 * <p>A backend that offers fused kernels (capabilities such as {@code Kernels.gru()}) also runs
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
    @Tag("ops")
    class Ops extends OpsConformanceSuite {
        @Override
        protected Backend backend() {
            return ConformanceKit.this.backend();
        }
    }

    @Nested
    @Tag("layers")
    class Layers extends LayerConformanceSuite {
        @Override
        protected Backend backend() {
            return ConformanceKit.this.backend();
        }
    }

    @Nested
    @Tag("losses")
    class Losses extends LossConformanceSuite {
        @Override
        protected Backend backend() {
            return ConformanceKit.this.backend();
        }
    }

    @Nested
    @Tag("optimizers")
    class Optimizers extends OptimizerConformanceSuite {
        @Override
        protected Backend backend() {
            return ConformanceKit.this.backend();
        }
    }

    @Nested
    @Tag("recurrent")
    class Recurrent extends RecurrentConformanceSuite {
        @Override
        protected Backend backend() {
            return ConformanceKit.this.backend();
        }
    }

    @Nested
    @Tag("models")
    class Models extends ModelConformanceSuite {
        @Override
        protected Backend backend() {
            return ConformanceKit.this.backend();
        }
    }

    @Nested
    @Tag("training")
    class Training extends TrainingConformanceSuite {
        @Override
        protected Backend backend() {
            return ConformanceKit.this.backend();
        }
    }

    @Nested
    @Tag("predictor")
    class Predictor extends PredictorConformanceSuite {
        @Override
        protected Backend backend() {
            return ConformanceKit.this.backend();
        }
    }

    @Nested
    @Tag("inference-plans")
    class InferencePlans extends InferencePlanConformanceSuite {
        @Override
        protected Backend backend() {
            return ConformanceKit.this.backend();
        }
    }

    @Nested
    @Tag("inference-plans")
    class PaddedBatches extends PaddedBatchConformanceSuite {
        @Override
        protected Backend backend() {
            return ConformanceKit.this.backend();
        }
    }

    @Nested
    @Tag("data-parallel")
    class DataParallel extends DataParallelConformanceSuite {
        @Override
        protected Backend backend() {
            return ConformanceKit.this.backend();
        }
    }

    @Nested
    @Tag("concurrency")
    class Concurrency extends ConcurrencyConformanceSuite {
        @Override
        protected Backend backend() {
            return ConformanceKit.this.backend();
        }
    }

    @Nested
    @Tag("long-sequences")
    class LongSequences extends LongSequenceConformanceSuite {
        @Override
        protected Backend backend() {
            return ConformanceKit.this.backend();
        }
    }

    @Nested
    @Tag("bad-input")
    class BadInput extends BadInputConformanceSuite {
        @Override
        protected Backend backend() {
            return ConformanceKit.this.backend();
        }
    }

    @Nested
    @Tag("discovery")
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
