package dev.seqconv.backend.tensorflow;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.conformance.DataParallelConformanceSuite;
import dev.seqconv.api.spi.Backend;

class TfDataParallelConformanceTest extends DataParallelConformanceSuite {

    @Override
    protected Backend backend() {
        return Backends.get("tensorflow");
    }
}
