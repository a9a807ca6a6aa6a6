package dev.seqconv.examples;

import picocli.CommandLine.Option;

/** The {@code --backend} option of the commands that run a model. */
public final class BackendOption {

    @Option(names = "--backend", paramLabel = "ID", description = "nd4j or tensorflow (default: the best available).")
    String id;
}
