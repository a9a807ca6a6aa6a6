package dev.seqconv.api.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void temporaryFilesOfKilledWritesAreDeletedByTheNextWriteToTheFolder() throws IOException {
        Path stale = dir.resolve(AtomicFiles.PREFIX + "8263518" + AtomicFiles.SUFFIX);
        Path live = dir.resolve(AtomicFiles.PREFIX + "1234567" + AtomicFiles.SUFFIX);
        Path foreign = dir.resolve("notes.txt.part");
        for (Path file : List.of(stale, live, foreign)) {
            Files.write(file, new byte[] {1, 2, 3});
        }
        FileTime old = FileTime.from(Instant.now().minus(AtomicFiles.STALE).minusSeconds(1));
        Files.setLastModifiedTime(stale, old);
        Files.setLastModifiedTime(foreign, old);
        Path target = dir.resolve("model.weights.h5");
        AtomicFiles.write(target, temporary -> Files.writeString(temporary, "new"));
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactlyInAnyOrder(target, live, foreign);
        }
        assertThat(Files.readString(target)).isEqualTo("new");
    }

    @Test
    void aFailedWriteKeepsThePreviousFileAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("history.csv");
        Files.writeString(target, "old");
        assertThatThrownBy(() -> AtomicFiles.write(target, temporary -> {
            Files.writeString(temporary, "half");
            throw new IOException("No space left on device");
        })).isInstanceOf(UncheckedIOException.class)
                .hasMessage("Could not write " + target + ": IOException: No space left on device; a previous "
                        + "file of that name, if any, is unchanged");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
        assertThat(Files.readString(target)).isEqualTo("old");
    }
}
