package dev.seqconv.backend.tensorflow;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.conformance.OpsConformanceSuite;
import dev.seqconv.api.spi.Backend;

class TfOpsConformanceTest extends OpsConformanceSuite {

    @Override
    protected Backend backend() {
        return Backends.get("tensorflow");
    }
}
