package dev.seqconv.backend.nd4j;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.conformance.LongSequenceConformanceSuite;
import dev.seqconv.api.spi.Backend;

class Nd4jLongSequenceConformanceTest extends LongSequenceConformanceSuite {

    @Override
    protected Backend backend() {
        return Backends.get("nd4j");
    }
}
