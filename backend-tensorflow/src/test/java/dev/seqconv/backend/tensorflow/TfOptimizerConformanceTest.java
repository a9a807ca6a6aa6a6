package dev.seqconv.backend.tensorflow;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.conformance.OptimizerConformanceSuite;
import dev.seqconv.api.spi.Backend;

class TfOptimizerConformanceTest extends OptimizerConformanceSuite {

    @Override
    protected Backend backend() {
        return Backends.get("tensorflow");
    }
}
