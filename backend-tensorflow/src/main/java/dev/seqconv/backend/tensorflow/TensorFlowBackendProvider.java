package dev.seqconv.backend.tensorflow;

import dev.seqconv.api.spi.AbstractBackendProvider;
import dev.seqconv.api.spi.Availability;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.spi.EngineBackend;
import dev.seqconv.api.spi.GraphUnrolling;
import java.util.Optional;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * The TensorFlow backend's plug-in: loads TensorFlow's native library (unpacked once into the JavaCPP cache)
 * and makes the backend — each model one graph, each step one session call. Graph mode only: TensorFlow Java
 * computes gradients only in graphs. Ranked above ND4J, so preferred when both are present: faster on the
 * chapter's networks (docs/benchmarks.md).
 */
public final class TensorFlowBackendProvider extends AbstractBackendProvider {

    static final String ID = "tensorflow";

    /**
     * Recurrences are unrolled in the training function (a while loop's gradient aborts the JVM from Java); the
     * other functions run them as a while loop ({@link TfLoop}). Measured on a GRU over 250 to 2,000 steps
     * (docs/engines.md, "Long sequences"): ~10.5 kB and ~0.4 ms a node to first step, the time growing faster than
     * the graph; a training function of 150,000 nodes (a GRU of ~3,850 steps at 39 nodes a step) takes about two
     * minutes and 2-3 GB to prepare.
     */
    static final GraphUnrolling UNROLLING = new GraphUnrolling(150_000, 10_500, 4e-4);

    public TensorFlowBackendProvider() {
        super(ID, 200, "TensorFlow");
    }

    @Override
    protected Availability probe() {
        return loadsNatives(TensorFlow::version, "Check that tensorflow-core-native with classifier linux-x86_64 (or "
                + "linux-x86_64-gpu with CUDA 12 and cuDNN 9 on LD_LIBRARY_PATH) is on the classpath");
    }

    /** The native library's version, and TensorFlow Java's as its jar records it (or unknown). */
    @Override
    protected Backend newBackend() {
        return backend(true);
    }

    /**
     * The backend, with or without its fused kernels (without: every layer composed from the primitives, as the
     * tests that hold the composed forms to the same reference need).
     */
    static Backend backend(boolean fusedKernels) {
        String javaVersion = mavenVersion(TensorFlow.class, "org.tensorflow", "tensorflow-core-api")
                .orElse("unknown version");
        ConfigProto config = sessionConfig();
        return new EngineBackend(ID, "TensorFlow " + TensorFlow.version() + " (TensorFlow Java " + javaVersion + ")",
                () -> new TfExecutor(config, fusedKernels), Optional.of(UNROLLING));
    }

    /**
     * Grappler's constant folding is off: its constant push-down regroups {@code (1 − p) + ε} into
     * {@code (1 + ε) − p}, which changes float32 results — tf.keras's clipped binary cross-entropy by 2e-3 on
     * saturated outputs. seqconv computes each formula as written, the same on every engine.
     *
     * <p>The intra-op pool's threads wait for work without spinning ({@code disable_thread_spinning}), as ND4J's
     * OpenMP threads do ({@code OMP_WAIT_POLICY=PASSIVE}): a thread spinning between the small operations of a
     * lone prediction takes a core from the thread that runs them (docs/engines.md, "The intra-op pool's spinning").
     */
    static ConfigProto sessionConfig() {
        return ConfigProto.newBuilder()
                .setExperimental(ConfigProto.Experimental.newBuilder().setDisableThreadSpinning(true))
                .setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(RewriterConfig.newBuilder()
                        .setConstantFolding(RewriterConfig.Toggle.OFF)))
                .build();
    }
}
