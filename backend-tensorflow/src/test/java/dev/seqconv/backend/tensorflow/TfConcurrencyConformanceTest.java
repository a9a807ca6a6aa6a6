package dev.seqconv.backend.tensorflow;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.conformance.ConcurrencyConformanceSuite;
import dev.seqconv.api.spi.Backend;

class TfConcurrencyConformanceTest extends ConcurrencyConformanceSuite {

    @Override
    protected Backend backend() {
        return Backends.get("tensorflow");
    }
}
