package dev.seqconv.backend.tensorflow;

import dev.seqconv.conformance.DiscoveryConformanceSuite;

class TfDiscoveryConformanceTest extends DiscoveryConformanceSuite {

    @Override
    protected String backendId() {
        return "tensorflow";
    }

    @Override
    protected String absentBackendId() {
        return "nd4j";
    }
}
