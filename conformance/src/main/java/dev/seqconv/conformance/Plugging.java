package dev.seqconv.conformance;

/**
 * How the backend under test reaches users, the one thing about a backend that the kit cannot see from its
 * {@link dev.seqconv.api.spi.Backend}: whether {@link DiscoveryConformanceSuite} applies to it.
 */
public enum Plugging {

    /**
     * A {@link dev.seqconv.api.spi.BackendProvider} registered in {@code META-INF/services}, found by
     * {@link dev.seqconv.api.backend.Backends}: the discovery suite checks that it is found, available and chosen.
     */
    SERVICE_LOADER,

    /** Passed to models directly, never discovered (the reference engine): the discovery suite does not apply. */
    DIRECT
}
