package dev.seqconv.backend.nd4j;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.conformance.TrainingConformanceSuite;
import dev.seqconv.api.spi.Backend;

class Nd4jTrainingConformanceTest extends TrainingConformanceSuite {

    @Override
    protected Backend backend() {
        return Backends.get("nd4j");
    }
}
