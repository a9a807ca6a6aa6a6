package dev.seqconv.backend.nd4j;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.conformance.DataParallelConformanceSuite;
import dev.seqconv.api.spi.Backend;

class Nd4jDataParallelConformanceTest extends DataParallelConformanceSuite {

    @Override
    protected Backend backend() {
        return Backends.get("nd4j");
    }
}
