package dev.seqconv.api.backend;

import dev.seqconv.api.spi.Availability;
import dev.seqconv.api.spi.BackendProvider;

/**
 * A discovered backend provider and whether it can run here.
 *
 * @param id           the provider's id
 * @param rank         its preference rank
 * @param availability whether it can run, and why not
 * @param provider     the provider itself
 */
public record BackendStatus(String id, int rank, Availability availability, BackendProvider provider) {

    @Override
    public String toString() {
        return id + " (rank " + rank + ", " + (availability.available() ? "available" : "unavailable: "
                + availability.reason()) + ")";
    }
}
