package dev.seqconv.backend.nd4j;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.conformance.PredictorConformanceSuite;
import dev.seqconv.api.spi.Backend;

class Nd4jPredictorConformanceTest extends PredictorConformanceSuite {

    @Override
    protected Backend backend() {
        return Backends.get("nd4j");
    }
}
