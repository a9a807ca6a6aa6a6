package dev.seqconv.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trained weights whose save fails at the end of training are written elsewhere and the command fails, saying where;
 * output files are written atomically whatever their name's length.
 */
class OutputFilesTest {

    @TempDir
    Path dir;

    @Test
    void weightsThatCannotBeWrittenWhereAskedGoToATemporaryFileAndTheSaveFails() throws IOException {
        Path wanted = dir.resolve("gone/model.weights.h5");
        Path[] rescue = new Path[1];
        try {
            assertThatThrownBy(() -> OutputFiles.saveWeights(wanted, file -> {
                if (file.equals(wanted)) {
                    throw new UncheckedIOException("Could not write " + file + ": IOException: No space left",
                            new IOException("No space left"));
                }
                rescue[0] = file;
                write(file);
            })).isInstanceOf(UncheckedIOException.class).hasMessageContaining(wanted.toString())
                    .hasMessageContaining("No space left")
                    .satisfies(e -> assertThat(e).hasMessageContaining("they were saved to " + rescue[0]));
            assertThat(rescue[0]).isNotEqualTo(wanted);
            assertThat(Files.readString(rescue[0])).isEqualTo("weights");
        } finally {
            if (rescue[0] != null) {
                Files.deleteIfExists(rescue[0]);
            }
        }
    }

    @Test
    void aFileNameAsLongAsTheFileSystemAllowsIsWrittenAtomically() throws IOException {
        Path file = dir.resolve("h".repeat(251) + ".csv");
        OutputFiles.writeText(file, "epoch,loss");
        assertThat(Files.readString(file)).isEqualTo("epoch,loss");
    }

    @Test
    void whenNoPlaceCanBeWrittenBothFailuresAreNamed() {
        assertThatThrownBy(() -> OutputFiles.saveWeights(dir.resolve("a.weights.h5"), file -> {
            throw new UncheckedIOException("Could not write weights to " + file, new IOException("read-only"));
        })).isInstanceOf(UncheckedIOException.class).hasMessageContaining("a.weights.h5")
                .hasMessageContaining("nor to a temporary file");
    }

    private static void write(Path file) {
        try {
            Files.writeString(file, "weights");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
