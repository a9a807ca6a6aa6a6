package dev.seqconv.backend.nd4j;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.conformance.RecurrentConformanceSuite;
import dev.seqconv.api.spi.Backend;

/**
 * The recurrent kit on ND4J without its fused kernels: the composed forms that TensorFlow runs, and that ND4J runs for
 * configurations its kernels do not support, held to the same reference on this engine too.
 */
class Nd4jComposedRecurrentConformanceTest extends RecurrentConformanceSuite {

    @Override
    protected Backend backend() {
        Backends.get("nd4j");
        return Nd4jBackendProvider.backend(false);
    }
}
