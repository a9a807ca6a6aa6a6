package dev.seqconv.datasets.imdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.datasets.DataFileException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compressed files that inflate far beyond the data they should hold (a few kilobytes of gzip giving megabytes
 * of zeros or of repeated lines) are refused with a sentence naming the file, the size reached and the limit,
 * before they fill the heap. The limits are lowered here so that nothing large is ever inflated.
 */
class ImdbBombTest {

    private static final String NO_SHA = "0".repeat(64);

    @TempDir
    Path dir;

    /** A gzip file of {@code copies} times {@code block}. */
    private Path gzip(String name, byte[] block, int copies) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            for (int i = 0; i < copies; i++) {
                out.write(block);
            }
        }
        assertThat(Files.size(file)).isLessThan(64 * 1024);
        return file;
    }

    @Test
    void reviewsThatInflateBeyondTheLimit() throws IOException {
        Path file = gzip("train.tsv.gz", "1\t0_9\tgreat film\n".repeat(1024).getBytes(StandardCharsets.UTF_8), 512);
        assertThatThrownBy(() -> ReviewsFile.read(file, NO_SHA, 3, 1 << 20)).isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(file + " decompresses to more than 1,048,576 bytes (")
                .hasMessageContaining("the aclImdb v1 splits hold about 33 MB. Restore it, or delete it to fetch the "
                        + "reviews again");
    }

    @Test
    void aLineOfZerosLongerThanAnyReview() throws IOException {
        Path file = gzip("test.tsv.gz", new byte[1 << 16], 32);
        assertThatThrownBy(() -> ReviewsFile.read(file, NO_SHA, 3)).isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(file + ", line 1: longer than 1,048,576 characters");
    }

    @Test
    void aWordIndexThatInflatesBeyondTheLimit() throws IOException {
        byte[] entries = "\"film\": 1, ".repeat(1024).getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("imdb_word_index.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write('{');
            for (int i = 0; i < 512; i++) {
                out.write(entries);
            }
        }
        assertThatThrownBy(() -> WordIndex.read(file, NO_SHA, 1 << 20)).isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(file + " decompresses to more than 1,048,576 bytes (")
                .hasMessageContaining("Keras's imdb_word_index.json holds 1.6 MB");
    }

    @Test
    void anArchiveWithAReviewLargerThanAnyIsRefusedBeforeItIsRead() throws IOException {
        Path archive = dir.resolve("aclImdb.tar.gz");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(
                Files.newOutputStream(archive)))) {
            TarArchiveEntry entry = new TarArchiveEntry("aclImdb/train/pos/0_9.txt");
            entry.setSize(2L << 20);
            tar.putArchiveEntry(entry);
            tar.write(new byte[2 << 20]);
            tar.closeArchiveEntry();
        }
        assertThatThrownBy(() -> AclImdbArchive.convert(archive, dir.resolve("imdb"), 1))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(archive + ": the review aclImdb/train/pos/0_9.txt holds 2,097,152 bytes")
                .hasMessageContaining("it is not aclImdb v1");
    }
}
