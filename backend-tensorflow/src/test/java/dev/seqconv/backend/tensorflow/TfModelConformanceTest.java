package dev.seqconv.backend.tensorflow;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.conformance.ModelConformanceSuite;
import dev.seqconv.api.spi.Backend;

class TfModelConformanceTest extends ModelConformanceSuite {

    @Override
    protected Backend backend() {
        return Backends.get("tensorflow");
    }
}
