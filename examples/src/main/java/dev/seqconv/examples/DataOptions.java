package dev.seqconv.examples;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a command's data comes from. */
public final class DataOptions {

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Local data: for IMDB a directory in seqconv's layout (train.tsv.gz, test.tsv.gz, "
                    + "imdb_word_index.json.gz, e.g. ../shared/data/imdb); for Jena the CSV, its zip, or a directory "
                    + "holding one. Without it the data is downloaded once into the cache (seqconv.cache.dir).")
    Path dataDir;

    @Option(names = "--synthetic",
            description = "Jena only: train on a synthetic weather series in the record's format (labelled as such), "
                    + "not the Jena record.")
    boolean synthetic;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the weights, shuffles and dropout (default: ${DEFAULT-VALUE}).")
    long seed;
}
