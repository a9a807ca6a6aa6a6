package dev.seqconv.backend.nd4j;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.conformance.RecurrentConformanceSuite;
import dev.seqconv.api.spi.Backend;

class Nd4jRecurrentConformanceTest extends RecurrentConformanceSuite {

    @Override
    protected Backend backend() {
        return Backends.get("nd4j");
    }
}
