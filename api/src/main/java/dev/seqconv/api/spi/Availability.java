package dev.seqconv.api.spi;

import java.util.Objects;

/**
 * Whether a backend can run on this machine, with the reason when it cannot.
 *
 * @param available whether the backend can be used
 * @param reason    why not, in words a user can act on; empty when available
 */
public record Availability(boolean available, String reason) {

    public Availability {
        Objects.requireNonNull(reason, "reason");
        if (!available && reason.isBlank()) {
            throw new IllegalArgumentException("An unavailable backend must say why");
        }
    }

    public static Availability yes() {
        return new Availability(true, "");
    }

    public static Availability no(String reason) {
        return new Availability(false, reason);
    }
}
