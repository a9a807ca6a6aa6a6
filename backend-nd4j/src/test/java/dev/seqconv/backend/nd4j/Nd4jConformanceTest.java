package dev.seqconv.backend.nd4j;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.conformance.ConformanceKit;

/** The conformance kit on ND4J, as discovered (with its fused kernels). */
class Nd4jConformanceTest extends ConformanceKit {

    @Override
    protected Backend backend() {
        return Backends.get("nd4j");
    }
}
