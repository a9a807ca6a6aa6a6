package dev.seqconv.backend.tensorflow;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.conformance.BadInputConformanceSuite;
import dev.seqconv.api.spi.Backend;

class TfBadInputConformanceTest extends BadInputConformanceSuite {

    @Override
    protected Backend backend() {
        return Backends.get("tensorflow");
    }
}
