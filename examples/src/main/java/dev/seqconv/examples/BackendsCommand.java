package dev.seqconv.examples;

import dev.seqconv.api.backend.BackendStatus;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code seqconv backends}: what is on the classpath, and whether it can run here. */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = "Lists the backends found on the classpath: id, rank, engine version, availability and why not.")
public class BackendsCommand implements Callable<Integer> {

    private final BackendChooser backends;

    @Inject
    public BackendsCommand(BackendChooser backends) {
        this.backends = backends;
    }

    @Override
    public Integer call() {
        System.out.printf("%-12s %5s  %-10s %s%n", "backend", "rank", "status", "engine / reason");
        for (BackendStatus status : backends.statuses()) {
            boolean available = status.availability().available();
            System.out.printf("%-12s %5d  %-10s %s%n", status.id(), status.rank(),
                    available ? "available" : "unavailable",
                    available ? backends.choose(status.id()).engineVersion() : status.availability().reason());
        }
        System.out.println("Default: " + backends.choose(null).id()
                + " (choose with --backend, -Dseqconv.backend or SEQCONV_BACKEND)");
        return 0;
    }
}
