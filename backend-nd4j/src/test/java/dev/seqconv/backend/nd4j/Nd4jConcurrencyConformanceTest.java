package dev.seqconv.backend.nd4j;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.conformance.ConcurrencyConformanceSuite;
import dev.seqconv.api.spi.Backend;

class Nd4jConcurrencyConformanceTest extends ConcurrencyConformanceSuite {

    @Override
    protected Backend backend() {
        return Backends.get("nd4j");
    }
}
