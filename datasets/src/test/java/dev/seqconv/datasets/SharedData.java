package dev.seqconv.datasets;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the real data sets are on this machine: the system property {@code seqconv.data.dir} (the build sets
 * it to {@code ../shared/data} beside the project), else the environment variable {@code SEQCONV_DATA_DIR}.
 */
public final class SharedData {

    private SharedData() {
    }

    /** The directory, whether or not it exists. */
    public static Path directory() {
        String property = System.getProperty("seqconv.data.dir");
        String value = property != null ? property : System.getenv("SEQCONV_DATA_DIR");
        return Path.of(value != null ? value : "../shared/data");
    }

    /** Whether the IMDB copy is there, for {@code assumeTrue}. */
    public static boolean hasImdb() {
        return Files.isRegularFile(directory().resolve("imdb/train.tsv.gz"));
    }

    /** Why a real-data test is skipped. */
    public static String imdbMissing() {
        return "Skipped: the IMDB reviews are not at " + directory().toAbsolutePath().resolve("imdb")
                + "; set -Dseqconv.data.dir or SEQCONV_DATA_DIR to the directory holding imdb/train.tsv.gz";
    }
}
