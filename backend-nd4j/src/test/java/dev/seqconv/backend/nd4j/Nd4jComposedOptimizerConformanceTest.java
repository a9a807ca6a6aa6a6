package dev.seqconv.backend.nd4j;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.conformance.OptimizerConformanceSuite;
import dev.seqconv.api.spi.Backend;

/**
 * The optimizer kit on ND4J without its fused kernels: the composed forms that TensorFlow runs, and that ND4J runs for
 * configurations its kernels do not support, held to the same reference on this engine too.
 */
class Nd4jComposedOptimizerConformanceTest extends OptimizerConformanceSuite {

    @Override
    protected Backend backend() {
        Backends.get("nd4j");
        return Nd4jBackendProvider.backend(false);
    }
}
