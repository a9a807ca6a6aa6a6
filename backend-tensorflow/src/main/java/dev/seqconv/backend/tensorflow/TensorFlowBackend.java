package dev.seqconv.backend.tensorflow;

import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.spi.Executor;
import org.tensorflow.proto.ConfigProto;

/** seqconv on TensorFlow Java: each model is one graph, each step one session call. */
final class TensorFlowBackend implements Backend {

    private final String engineVersion;
    private final ConfigProto config;

    TensorFlowBackend(String engineVersion, ConfigProto config) {
        this.engineVersion = engineVersion;
        this.config = config;
    }

    @Override
    public String id() {
        return TensorFlowBackendProvider.ID;
    }

    @Override
    public String engineVersion() {
        return engineVersion;
    }

    @Override
    public Executor newExecutor() {
        return new TfExecutor(config);
    }
}
