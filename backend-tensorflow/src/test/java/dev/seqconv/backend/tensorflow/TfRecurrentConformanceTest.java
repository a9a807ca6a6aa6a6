package dev.seqconv.backend.tensorflow;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.conformance.RecurrentConformanceSuite;
import dev.seqconv.api.spi.Backend;

class TfRecurrentConformanceTest extends RecurrentConformanceSuite {

    @Override
    protected Backend backend() {
        return Backends.get("tensorflow");
    }
}
