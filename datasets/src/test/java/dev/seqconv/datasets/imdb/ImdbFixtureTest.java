package dev.seqconv.datasets.imdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.datasets.DataFileException;
import dev.seqconv.datasets.DatasetCache;
import dev.seqconv.datasets.LocalHttpServer;
import dev.seqconv.datasets.RemoteFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IMDB pipeline on a tiny archive in aclImdb's layout, served from loopback. */
class ImdbFixtureTest {

    private static final String TRAIN_TSV = "1\t2_8\tgood good\n"
            + "1\t10_7\tGreat film.<br />Loved it\n"
            + "0\t0_1\tbad  movie\n";
    private static final String TEST_TSV = "1\t0_9\tgreat\n0\t1_3\tbad\n0\t5_2\tawful film\n";
    private static final String INDEX = "{\"film\": 1, \"good\": 2, \"great\": 3, \"bad\": 4, \"movie\": 5, \"br\": 6, "
            + "\"loved\": 7, \"it\": 8, \"caf\\u00e9\": 9}";

    @TempDir
    Path cacheDir;

    private Imdb imdb;

    @BeforeEach
    void fetchFromLoopback() throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("aclImdb/train/pos/10_7.txt", "Great\tfilm.<br />Loved it");
        files.put("aclImdb/train/neg/0_1.txt", "bad\r\nmovie");
        files.put("aclImdb/train/pos/2_8.txt", "good good");
        files.put("aclImdb/train/unsup/0_0.txt", "not labelled");
        files.put("aclImdb/test/neg/5_2.txt", "awful film");
        files.put("aclImdb/test/pos/0_9.txt", "great");
        files.put("aclImdb/test/neg/1_3.txt", "bad");
        files.put("aclImdb/imdb.vocab", "the\nand\n");
        try (LocalHttpServer server = new LocalHttpServer()) {
            byte[] archive = tarGz(files);
            byte[] index = INDEX.getBytes(StandardCharsets.UTF_8);
            RemoteFile archiveFile = new RemoteFile(server.serve("/aclImdb.tar.gz", archive), "aclImdb.tar.gz",
                    RemoteFile.Verifier.sha256(sha256(archive)));
            RemoteFile indexFile = new RemoteFile(server.serve("/index.json", index), "index.json",
                    RemoteFile.Verifier.sha256(sha256(index)));
            imdb = Imdb.fetch(new DatasetCache(cacheDir, false), archiveFile, indexFile, new Imdb.Release(
                    sha256(TRAIN_TSV.getBytes(StandardCharsets.UTF_8)), sha256(TEST_TSV.getBytes(StandardCharsets.UTF_8)),
                    3, sha256(index)));
        }
    }

    @Test
    void theArchiveBecomesOneLinePerReviewPositiveFirstByNumericId() {
        assertThat(imdb.reviews(Imdb.Split.TRAIN)).containsExactly(
                new ImdbReview(1, "2_8", "good good"),
                new ImdbReview(1, "10_7", "Great film.<br />Loved it"),
                new ImdbReview(0, "0_1", "bad  movie"));
        assertThat(imdb.reviews(Imdb.Split.TEST)).extracting(ImdbReview::fileId).containsExactly("0_9", "1_3", "5_2");
    }

    @Test
    void reviewsBecomeKerasIds() {
        WordIndex index = imdb.wordIndex();
        assertThat(index.word(9)).isEqualTo("café");
        ImdbOptions all = ImdbOptions.defaults();
        int[] ids = Imdb.encode("Great film.<br />Loved it, unseen", index, all, new long[2]);
        assertThat(ids).containsExactly(1, 6, 4, 9, 10, 11, 2);
        int[] capped = Imdb.encode("Great film.<br />Loved it", index, ImdbOptions.numWords(8), new long[2]);
        assertThat(capped).containsExactly(1, 6, 4, 2, 2, 2);
        assertThat(Imdb.decode(new int[] {0, 0, 1, 6, 4, 2, 99}, index, all)).isEqualTo("? great film ? ?");
    }

    @Test
    void loadingShufflesEachSplitWithTheSeedAndCountsCoverage() {
        ImdbData data = imdb.load(ImdbOptions.defaults());
        assertThat(data.train().size()).isEqualTo(3);
        assertThat(data.train().coverage()).isEqualTo(1.0);
        assertThat(data.test().coverage()).isEqualTo(3.0 / 4.0);
        ImdbData again = imdb.load(ImdbOptions.defaults());
        assertThat(again.train().labels()).containsExactly(data.train().labels());
        assertThat(data.train().x(4).shape().dims()).containsExactly(3, 4);
        assertThat(data.test().y().toFloatArray()).containsExactlyInAnyOrder(1f, 0f, 0f);
    }

    @Test
    void editedOrTruncatedFilesAreRefusedWithTheFix() throws IOException {
        Path train = cacheDir.resolve("imdb/train.tsv.gz");
        byte[] good = Files.readAllBytes(train);
        Files.write(train, gzip(TRAIN_TSV.replace("good good", "bad bad")));
        assertThatThrownBy(() -> imdb.reviews(Imdb.Split.TRAIN)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("is not the aclImdb v1 split").hasMessageContaining("restore it");
        Files.write(train, java.util.Arrays.copyOf(good, good.length - 12));
        assertThatThrownBy(() -> imdb.reviews(Imdb.Split.TRAIN)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("truncated or corrupt");
        Files.write(train, gzip("1\t0_9\n"));
        assertThatThrownBy(() -> imdb.reviews(Imdb.Split.TRAIN)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("line 1: expected 'label<TAB>file_id<TAB>text'");
    }

    @Test
    void aDirectoryWithoutTheLayoutNamesWhatIsMissing() {
        assertThatThrownBy(() -> Imdb.fromDirectory(cacheDir)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("train.tsv.gz is missing").hasMessageContaining("Imdb.fetch()");
    }

    private static byte[] tarGz(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                byte[] content = f.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(f.getKey());
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
