package dev.seqconv.backend.nd4j;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.conformance.ModelConformanceSuite;
import dev.seqconv.api.spi.Backend;

class Nd4jModelConformanceTest extends ModelConformanceSuite {

    @Override
    protected Backend backend() {
        return Backends.get("nd4j");
    }
}
