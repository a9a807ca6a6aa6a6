package dev.seqconv.backend.nd4j;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.conformance.GruKernelSuite;
import org.junit.jupiter.api.BeforeAll;

/** The fused GRU recurrence ({@link Nd4jGru}) against the composed recurrence on ND4J. */
class Nd4jGruTest extends GruKernelSuite {

    @BeforeAll
    static void loadEngine() {
        Backends.get("nd4j"); // loads libnd4j, after checking that it suits this CPU
    }

    @Override
    protected Backend backend(boolean fusedKernels) {
        return Nd4jBackendProvider.backend(fusedKernels);
    }
}
