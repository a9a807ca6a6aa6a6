package dev.seqconv.backend.nd4j;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.conformance.LossConformanceSuite;
import dev.seqconv.api.spi.Backend;

class Nd4jLossConformanceTest extends LossConformanceSuite {

    @Override
    protected Backend backend() {
        return Backends.get("nd4j");
    }
}
