package dev.seqconv.backend.tensorflow;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.conformance.TrainingConformanceSuite;
import dev.seqconv.api.spi.Backend;

class TfTrainingConformanceTest extends TrainingConformanceSuite {

    @Override
    protected Backend backend() {
        return Backends.get("tensorflow");
    }
}
