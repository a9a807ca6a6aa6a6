package dev.seqconv.backend.nd4j;

import dev.seqconv.conformance.DiscoveryConformanceSuite;

class Nd4jDiscoveryConformanceTest extends DiscoveryConformanceSuite {

    @Override
    protected String backendId() {
        return "nd4j";
    }

    @Override
    protected String absentBackendId() {
        return "tensorflow";
    }
}
