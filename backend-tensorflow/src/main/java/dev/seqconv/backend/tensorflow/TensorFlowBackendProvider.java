package dev.seqconv.backend.tensorflow;

import dev.seqconv.api.spi.Availability;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.spi.BackendProvider;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * The TensorFlow backend's plug-in: loads TensorFlow's native library (unpacked once into the JavaCPP cache)
 * and makes the backend. Graph mode only: TensorFlow Java 1.1.0 computes gradients only in graphs.
 */
public final class TensorFlowBackendProvider implements BackendProvider {

    static final String ID = "tensorflow";

    private Availability availability;
    private TensorFlowBackend backend;

    @Override
    public String id() {
        return ID;
    }

    /** Preferred over ND4J when both are present: faster on the chapter's networks (docs/benchmarks.md). */
    @Override
    public int rank() {
        return 200;
    }

    @Override
    public synchronized Availability availability() {
        if (availability == null) {
            try {
                TensorFlow.version();
                availability = Availability.yes();
            } catch (Throwable e) {
                availability = Availability.no("TensorFlow's native library failed to load (" + e + "). Check that "
                        + "tensorflow-core-native with classifier linux-x86_64 (or linux-x86_64-gpu with CUDA 12 and "
                        + "cuDNN 9 on LD_LIBRARY_PATH) is on the classpath");
            }
        }
        return availability;
    }

    @Override
    public synchronized Backend create() {
        if (!availability().available()) {
            throw new IllegalStateException("The TensorFlow backend cannot run here: " + availability.reason());
        }
        if (backend == null) {
            backend = new TensorFlowBackend("TensorFlow " + TensorFlow.version() + " (TensorFlow Java "
                    + javaVersion() + ")", sessionConfig());
        }
        return backend;
    }

    /**
     * Grappler's constant folding is off: its constant push-down regroups {@code (1 − p) + ε} into
     * {@code (1 + ε) − p}, which changes float32 results — tf.keras's clipped binary cross-entropy by 2e-3 on
     * saturated outputs. seqconv computes each formula as written, the same on every engine.
     */
    static ConfigProto sessionConfig() {
        return ConfigProto.newBuilder()
                .setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(RewriterConfig.newBuilder()
                        .setConstantFolding(RewriterConfig.Toggle.OFF)))
                .build();
    }

    private static String javaVersion() {
        String v = TensorFlow.class.getPackage().getImplementationVersion();
        return v != null ? v : "1.1.0";
    }
}
