package dev.seqconv.backend.nd4j;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.conformance.ComposedKernelsKit;

/**
 * The layer, recurrent and optimizer suites on ND4J without its fused kernels: the composed forms that TensorFlow runs,
 * and that ND4J runs for configurations its kernels do not support, held to the same reference on this engine too.
 */
class Nd4jComposedConformanceTest extends ComposedKernelsKit {

    @Override
    protected Backend withoutFusedKernels() {
        Backends.get("nd4j"); // loads libnd4j, after checking that it suits this CPU
        return Nd4jBackendProvider.backend(false);
    }
}
