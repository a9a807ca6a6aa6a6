package dev.seqconv.api.backend;

import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.spi.BackendProvider;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The backends on the classpath, found with {@link ServiceLoader}. A user picks one by putting its jar on the
 * classpath, or by name with the system property {@value #PROPERTY} or the environment variable
 * {@value #ENVIRONMENT} when several are there.
 */
public final class Backends {

    /** The system property that names the backend to use, e.g. {@code -Dseqconv.backend=nd4j}. */
    public static final String PROPERTY = "seqconv.backend";

    /** The environment variable that names the backend to use when the system property is not set. */
    public static final String ENVIRONMENT = "SEQCONV_BACKEND";

    private Backends() {
    }

    /** The backend named by {@value #PROPERTY} or {@value #ENVIRONMENT}, else the available one of highest rank. */
    public static Backend select() {
        return Holder.REGISTRY.select();
    }

    /** The backend with this id, e.g. {@code tensorflow}. */
    public static Backend get(String id) {
        return Holder.REGISTRY.get(id);
    }

    /** Every backend on the classpath and whether it can run here. */
    public static List<BackendStatus> statuses() {
        return Holder.REGISTRY.statuses();
    }

    private static final class Holder {
        static final BackendRegistry REGISTRY = new BackendRegistry(
                ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get).toList(),
                System::getProperty, System::getenv);
    }
}
