package dev.seqconv.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trained weights whose save fails at the end of training are written elsewhere, and the user is told where. */
class OutputFilesTest {

    @TempDir
    Path dir;

    @Test
    void weightsThatCannotBeWrittenWhereAskedGoToATemporaryFileAndSaySo() throws IOException {
        Path wanted = dir.resolve("gone/model.weights.h5");
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        Path written = OutputFiles.saveWeights(wanted, file -> {
            if (file.equals(wanted)) {
                throw new UncheckedIOException("Could not write weights to " + file, new IOException("No space left"));
            }
            write(file);
        }, new PrintStream(messages, true, StandardCharsets.UTF_8));
        try {
            assertThat(written).isNotEqualTo(wanted).exists();
            assertThat(Files.readString(written)).isEqualTo("weights");
            assertThat(messages.toString(StandardCharsets.UTF_8)).contains(wanted.toString())
                    .contains("they were saved to " + written);
        } finally {
            Files.deleteIfExists(written);
        }
    }

    @Test
    void whenNoPlaceCanBeWrittenBothFailuresAreNamed() {
        assertThatThrownBy(() -> OutputFiles.saveWeights(dir.resolve("a.weights.h5"), file -> {
            throw new UncheckedIOException("Could not write weights to " + file, new IOException("read-only"));
        }, System.err)).isInstanceOf(UncheckedIOException.class).hasMessageContaining("a.weights.h5")
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
