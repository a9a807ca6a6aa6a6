package dev.seqconv.backend.nd4j;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.conformance.OptimizerConformanceSuite;
import dev.seqconv.api.spi.Backend;

class Nd4jOptimizerConformanceTest extends OptimizerConformanceSuite {

    @Override
    protected Backend backend() {
        return Backends.get("nd4j");
    }
}
