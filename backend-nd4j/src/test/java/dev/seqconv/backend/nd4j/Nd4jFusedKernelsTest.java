package dev.seqconv.backend.nd4j;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.conformance.FusedKernelsKit;
import org.junit.jupiter.api.BeforeAll;

/**
 * ND4J's fused kernels against its composed forms: the whole-layer Conv1D ({@link Nd4jConv1dLayer}) and the GRU
 * recurrence ({@link Nd4jGru}).
 */
class Nd4jFusedKernelsTest extends FusedKernelsKit {

    @BeforeAll
    static void loadEngine() {
        Backends.get("nd4j"); // loads libnd4j, after checking that it suits this CPU
    }

    @Override
    protected Backend backend(boolean fusedKernels) {
        return Nd4jBackendProvider.backend(fusedKernels);
    }
}
