package dev.seqconv.conformance.engine;

import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.spi.EngineBackend;

/**
 * The reference engine: every {@linkplain dev.seqconv.api.spi.Kernels kernel} as a plain Java loop over
 * {@code double} values, so that the api's layers, losses, optimizers and models run without a native engine, and
 * the conformance kit has an engine of its own to pass. Float32 and int32 arrays come in and go out as the SPI
 * has them; within a call every value is float64, rounded to float32 when it leaves the call as an output or a
 * variable's new value (variables hold float32 values, as on every engine, so checkpoints restore them exactly).
 * It offers no fused kernels: every recurrence and optimizer update runs composed of the primitives.
 *
 * <p>It is deliberately not registered in {@code META-INF/services}: backend modules that depend on the kit would
 * otherwise discover two engines. Use it by passing {@link #create()} wherever a {@link Backend} is taken.
 * Correctness over speed: loops follow the formulas in {@link dev.seqconv.api.ops.Primitives} and run the kit's
 * small models in seconds, not large ones.
 */
public final class ReferenceBackend {

    /** The engine's id. */
    public static final String ID = "reference";

    private ReferenceBackend() {
    }

    /** A new reference backend; each executor it makes holds its own variables. */
    public static Backend create() {
        return new EngineBackend(ID, "seqconv reference engine (plain Java, float64)", ReferenceExecutor::new);
    }
}
