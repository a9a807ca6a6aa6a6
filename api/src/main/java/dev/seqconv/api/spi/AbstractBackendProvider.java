package dev.seqconv.api.spi;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Properties;

/**
 * What engines' providers share: the id and rank, the availability probed once (loading the natives) and kept,
 * and one backend made on first use, only where available. An engine implements the probe and the backend.
 */
public abstract class AbstractBackendProvider implements BackendProvider {

    private final String id;
    private final int rank;
    private final String engine;
    private Availability availability;
    private Backend backend;

    /**
     * @param id     see {@link #id()}
     * @param rank   see {@link #rank()}
     * @param engine the engine's name, for messages, e.g. {@code ND4J}
     */
    protected AbstractBackendProvider(String id, int rank, String engine) {
        this.id = id;
        this.rank = rank;
        this.engine = engine;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final int rank() {
        return rank;
    }

    @Override
    public final synchronized Availability availability() {
        if (availability == null) {
            availability = probe();
        }
        return availability;
    }

    @Override
    public final synchronized Backend create() {
        if (!availability().available()) {
            throw new IllegalStateException("The " + engine + " backend cannot run here: " + availability.reason());
        }
        if (backend == null) {
            backend = newBackend();
        }
        return backend;
    }

    /** Whether the engine can run here: loads its natives, and says why not when they fail. Called once. */
    protected abstract Availability probe();

    /**
     * A probe's last step: available if {@code firstNativeCall} runs, else not, saying that the engine's native
     * library failed to load, with what was thrown and {@code whatToCheck}.
     */
    protected final Availability loadsNatives(Runnable firstNativeCall, String whatToCheck) {
        try {
            firstNativeCall.run();
            return Availability.yes();
        } catch (Throwable e) {
            return Availability.no(engine + "'s native library failed to load (" + e + "). " + whatToCheck);
        }
    }

    /** The backend, once the engine is known to be available. Called once. */
    protected abstract Backend newBackend();

    /**
     * The version of a Maven artifact on the classpath, from the {@code pom.properties} that Maven packs into its
     * jar; empty when the jar has none.
     *
     * @param anchor a class from the artifact's jar, whose class loader finds the file
     */
    protected static Optional<String> mavenVersion(Class<?> anchor, String groupId, String artifactId) {
        String path = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = anchor.getResourceAsStream(path)) {
            if (in == null) {
                return Optional.empty();
            }
            Properties p = new Properties();
            p.load(in);
            return Optional.ofNullable(p.getProperty("version"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
