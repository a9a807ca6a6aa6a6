package dev.seqconv.conformance.engine;

import dev.seqconv.api.spi.Backend;
import dev.seqconv.conformance.ConformanceKit;
import dev.seqconv.conformance.Plugging;

/** The reference engine passes the kit: the formulas and the engine agree, and the api runs without a native one. */
class ReferenceConformanceTest extends ConformanceKit {

    private static final Backend REFERENCE = ReferenceBackend.create();

    @Override
    protected Backend backend() {
        return REFERENCE;
    }

    @Override
    protected Plugging plugging() {
        return Plugging.DIRECT;
    }
}
