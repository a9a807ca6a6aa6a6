package dev.seqconv.backend.tensorflow;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.conformance.LongSequenceConformanceSuite;
import dev.seqconv.api.spi.Backend;

class TfLongSequenceConformanceTest extends LongSequenceConformanceSuite {

    @Override
    protected Backend backend() {
        return Backends.get("tensorflow");
    }
}
