package dev.seqconv.backend.nd4j;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.conformance.BadInputConformanceSuite;
import dev.seqconv.api.spi.Backend;

class Nd4jBadInputConformanceTest extends BadInputConformanceSuite {

    @Override
    protected Backend backend() {
        return Backends.get("nd4j");
    }
}
