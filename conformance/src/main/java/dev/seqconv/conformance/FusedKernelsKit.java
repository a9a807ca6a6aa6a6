package dev.seqconv.conformance;

import dev.seqconv.api.spi.Backend;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/**
 * The suites that hold an engine's fused kernels to its composed forms on the same engine, for a backend that offers
 * both: the whole-layer Conv1D ({@link Conv1dLayerKernelSuite}) and the GRU recurrence ({@link GruKernelSuite}). An
 * engine that offers only some of these kernels extends those suites alone: on the others both sides would be the
 * composed form.
 *
 * <pre>{@code
 * class MyEngineFusedKernelsTest extends FusedKernelsKit {
 *     protected Backend backend(boolean fusedKernels) { return MyEngine.backend(fusedKernels); }
 * }
 * }</pre>
 */
public abstract class FusedKernelsKit {

    /** The backend under test, with or without its fused kernels. */
    protected abstract Backend backend(boolean fusedKernels);

    @Nested
    @Tag("layers")
    class Conv1dLayer extends Conv1dLayerKernelSuite {
        @Override
        protected Backend backend(boolean fusedKernels) {
            return FusedKernelsKit.this.backend(fusedKernels);
        }
    }

    @Nested
    @Tag("recurrent")
    class Gru extends GruKernelSuite {
        @Override
        protected Backend backend(boolean fusedKernels) {
            return FusedKernelsKit.this.backend(fusedKernels);
        }
    }
}
