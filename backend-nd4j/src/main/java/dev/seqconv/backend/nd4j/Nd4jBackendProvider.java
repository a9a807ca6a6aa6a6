package dev.seqconv.backend.nd4j;

import dev.seqconv.api.spi.AbstractBackendProvider;
import dev.seqconv.api.spi.Availability;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.spi.EngineBackend;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J backend's plug-in: checks that libnd4j suits this CPU, loads it, and makes the backend — eager CPU
 * kernels in per-call workspaces and arrays reused call after call, with Conv1D on oneDNN's convolution primitives
 * and the GRU and RMSprop fused (docs/engines.md). Set {@code OMP_WAIT_POLICY=PASSIVE} in the environment of any
 * JVM that runs it: on 2 cores OpenMP's default spin-wait stalls steps for seconds.
 */
public final class Nd4jBackendProvider extends AbstractBackendProvider {

    static final String ID = "nd4j";

    public Nd4jBackendProvider() {
        super(ID, 100, "ND4J");
    }

    @Override
    protected Availability probe() {
        Optional<String> incompatible = NativeBuild.incompatibility(
                Nd4jBackendProvider.class.getClassLoader(), NativeBuild.cpuFlags());
        if (incompatible.isPresent()) {
            return Availability.no(incompatible.get());
        }
        return loadsNatives(() -> {
            Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
            Nd4j.create(DataType.FLOAT, 1).addi(1);
        }, "Check that nd4j-native with classifier linux-x86_64 is on the classpath and that this is a linux x86-64 "
                + "machine");
    }

    @Override
    protected Backend newBackend() {
        return backend(true);
    }

    /**
     * The backend, with or without its fused kernels (the GRU recurrence, the RMSprop update): without them every
     * operation runs composed of the primitives, which is how tests hold the composed forms to the reference on
     * this engine too.
     */
    static Backend backend(boolean fusedKernels) {
        String version = mavenVersion(Nd4j.class, "org.nd4j", "nd4j-api").orElse("(unknown version)");
        return new EngineBackend(ID, "ND4J " + version + " (CPU, "
                + NativeBuild.loaded(Nd4jBackendProvider.class.getClassLoader()) + ")",
                () -> new Nd4jExecutor(fusedKernels));
    }
}
