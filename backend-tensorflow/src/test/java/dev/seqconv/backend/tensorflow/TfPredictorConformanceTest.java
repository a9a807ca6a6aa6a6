package dev.seqconv.backend.tensorflow;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.conformance.PredictorConformanceSuite;
import dev.seqconv.api.spi.Backend;

class TfPredictorConformanceTest extends PredictorConformanceSuite {

    @Override
    protected Backend backend() {
        return Backends.get("tensorflow");
    }
}
