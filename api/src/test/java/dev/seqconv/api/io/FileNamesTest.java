package dev.seqconv.api.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Non-ASCII file names under an ASCII locale ({@code LC_ALL=C}), in a JVM started so. */
class FileNamesTest {

    @TempDir
    Path dir;

    @Test
    void aRelativeNameInAFolderWhoseNameTheLocaleCannotDecodeIsRefusedNotWrittenElsewhere() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("données"));
        assertThat(probe(folder, "write", "model.weights.h5")).startsWith("Cannot use model.weights.h5: it is "
                + "relative to the working folder, whose name Java could not decode")
                .contains("run with a UTF-8 locale, e.g. LANG=C.UTF-8").endsWith("or give an absolute path");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(folder);
        }
        try (var files = Files.list(folder)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aNameTheLocaleCannotEncodeIsRefusedWithTheLocaleToUse() throws Exception {
        assertThat(probe(dir, "name", "données/x.h5")).contains("cannot be a file name here")
                .contains("Java encodes file names in the locale's character set, ANSI_X3.4-1968")
                .contains("run with a UTF-8 locale, e.g. LANG=C.UTF-8");
    }

    /** The line {@link FileProbe} prints, run in {@code workingFolder} under {@code LC_ALL=C}. */
    private static String probe(Path workingFolder, String... args) throws IOException, InterruptedException {
        assumeThat(Path.of("/usr/bin/locale")).as("a POSIX system").exists();
        return FileProbe.run(workingFolder, Map.of("LC_ALL", "C", "LANG", "C"), List.of(), args);
    }
}
