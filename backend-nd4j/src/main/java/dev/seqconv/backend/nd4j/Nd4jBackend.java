package dev.seqconv.backend.nd4j;

import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.spi.Executor;

/** seqconv on ND4J: eager CPU kernels, with Conv1D as GEMMs and per-call workspaces. */
final class Nd4jBackend implements Backend {

    private final String engineVersion;

    Nd4jBackend(String engineVersion) {
        this.engineVersion = engineVersion;
    }

    @Override
    public String id() {
        return Nd4jBackendProvider.ID;
    }

    @Override
    public String engineVersion() {
        return engineVersion;
    }

    @Override
    public Executor newExecutor() {
        return new Nd4jExecutor();
    }
}
