package dev.seqconv.backend.nd4j;

import dev.seqconv.api.spi.Availability;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.spi.BackendProvider;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Properties;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J backend's plug-in: checks that libnd4j suits this CPU, loads it, and makes the backend.
 * Set {@code OMP_WAIT_POLICY=PASSIVE} in the environment of any JVM that runs it: on 2 cores OpenMP's default
 * spin-wait stalls steps for seconds.
 */
public final class Nd4jBackendProvider implements BackendProvider {

    static final String ID = "nd4j";

    private Availability availability;
    private Nd4jBackend backend;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int rank() {
        return 100;
    }

    @Override
    public synchronized Availability availability() {
        if (availability == null) {
            availability = load();
        }
        return availability;
    }

    @Override
    public synchronized Backend create() {
        if (!availability().available()) {
            throw new IllegalStateException("The ND4J backend cannot run here: " + availability.reason());
        }
        if (backend == null) {
            backend = new Nd4jBackend("ND4J " + version() + " (CPU, "
                    + NativeBuild.loaded(Nd4jBackendProvider.class.getClassLoader()) + ")");
        }
        return backend;
    }

    private static Availability load() {
        Optional<String> incompatible = NativeBuild.incompatibility(
                Nd4jBackendProvider.class.getClassLoader(), NativeBuild.cpuFlags());
        if (incompatible.isPresent()) {
            return Availability.no(incompatible.get());
        }
        try {
            Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
            Nd4j.create(DataType.FLOAT, 1).addi(1);
            return Availability.yes();
        } catch (Throwable e) {
            return Availability.no("ND4J's native library failed to load (" + e + "). Check that nd4j-native with "
                    + "classifier linux-x86_64 is on the classpath and that this is a linux x86-64 machine");
        }
    }

    private static String version() {
        try (InputStream in = Nd4j.class.getResourceAsStream("/META-INF/maven/org.nd4j/nd4j-api/pom.properties")) {
            if (in == null) {
                return "(unknown version)";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "(unknown version)");
        } catch (IOException e) {
            return "(unknown version)";
        }
    }
}
