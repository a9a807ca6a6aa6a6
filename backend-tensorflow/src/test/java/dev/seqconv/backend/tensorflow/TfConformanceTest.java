package dev.seqconv.backend.tensorflow;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.conformance.ConformanceKit;

/** The conformance kit on TensorFlow. */
class TfConformanceTest extends ConformanceKit {

    @Override
    protected Backend backend() {
        return Backends.get("tensorflow");
    }
}
