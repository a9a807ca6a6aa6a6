package dev.seqconv.backend.nd4j;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.conformance.Conv1dLayerKernelSuite;
import org.junit.jupiter.api.BeforeAll;

/** The whole-layer Conv1D kernel ({@link Nd4jConv1dLayer}) against the composed layer on ND4J. */
class Nd4jConv1dLayerTest extends Conv1dLayerKernelSuite {

    @BeforeAll
    static void loadEngine() {
        Backends.get("nd4j"); // loads libnd4j, after checking that it suits this CPU
    }

    @Override
    protected Backend backend(boolean fusedKernels) {
        return Nd4jBackendProvider.backend(fusedKernels);
    }
}
