package dev.seqconv.backend.nd4j;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.conformance.OpsConformanceSuite;
import dev.seqconv.api.spi.Backend;

class Nd4jOpsConformanceTest extends OpsConformanceSuite {

    @Override
    protected Backend backend() {
        return Backends.get("nd4j");
    }
}
