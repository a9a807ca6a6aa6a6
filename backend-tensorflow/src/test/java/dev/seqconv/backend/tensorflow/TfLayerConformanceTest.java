package dev.seqconv.backend.tensorflow;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.conformance.LayerConformanceSuite;
import dev.seqconv.api.spi.Backend;

class TfLayerConformanceTest extends LayerConformanceSuite {

    @Override
    protected Backend backend() {
        return Backends.get("tensorflow");
    }
}
