package dev.seqconv.api.spi;

/**
 * The entry point of an engine plug-in, found with {@link java.util.ServiceLoader}: a backend jar lists its
 * provider in {@code META-INF/services/dev.seqconv.api.spi.BackendProvider}.
 *
 * <p>Providers must be cheap to construct; loading native code belongs in {@link #availability()} and
 * {@link #create()}.
 */
public interface BackendProvider {

    /** The name users select the backend by, e.g. {@code nd4j}; lower case, unique. */
    String id();

    /** Preference when no backend is named: the available provider of highest rank is chosen. */
    int rank();

    /** Whether this engine can run here, and if not, why (e.g. its natives failed to load). */
    Availability availability();

    /**
     * The backend. Called only when {@link #availability()} says it is available; may return the same
     * instance each time.
     */
    Backend create();
}
