package dev.seqconv.backend.tensorflow;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.conformance.LossConformanceSuite;
import dev.seqconv.api.spi.Backend;

class TfLossConformanceTest extends LossConformanceSuite {

    @Override
    protected Backend backend() {
        return Backends.get("tensorflow");
    }
}
