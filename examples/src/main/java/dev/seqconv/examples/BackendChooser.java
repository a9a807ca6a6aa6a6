package dev.seqconv.examples;

import dev.seqconv.api.backend.BackendStatus;
import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.spi.Backend;
import java.util.List;

/** Picks the engine: by name when one is given, else as {@link Backends#select()} does. */
public class BackendChooser {

    /** The backend named {@code name}, or the default one when {@code name} is null. */
    public Backend choose(String name) {
        return name == null ? Backends.select() : Backends.get(name);
    }

    /** Every backend on the classpath and whether it can run here. */
    public List<BackendStatus> statuses() {
        return Backends.statuses();
    }
}
