package dev.seqconv.backend.nd4j;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.conformance.LayerConformanceSuite;
import dev.seqconv.api.spi.Backend;

class Nd4jLayerConformanceTest extends LayerConformanceSuite {

    @Override
    protected Backend backend() {
        return Backends.get("nd4j");
    }
}
