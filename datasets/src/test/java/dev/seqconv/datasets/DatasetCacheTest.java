package dev.seqconv.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCacheTest {

    private static final byte[] CONTENT = "the published bytes".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path cacheDir;

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void downloadsOnceVerifiesAndReusesTheCachedCopy() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer()) {
            RemoteFile file = new RemoteFile(server.serve("/data.bin", CONTENT), "data.bin",
                    RemoteFile.Verifier.sha256(sha256(CONTENT)));
            DatasetCache cache = new DatasetCache(cacheDir, false);
            Path path = cache.fetch(file);
            assertThat(path).hasBinaryContent(CONTENT).hasParent(cacheDir);
            cache.fetch(file);
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    @Test
    void aCorruptCachedCopyIsDownloadedAgain() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer()) {
            RemoteFile file = new RemoteFile(server.serve("/data.bin", CONTENT), "data.bin",
                    RemoteFile.Verifier.sha256(sha256(CONTENT)));
            Files.writeString(cacheDir.resolve("data.bin"), "truncated");
            assertThat(new DatasetCache(cacheDir, false).fetch(file)).hasBinaryContent(CONTENT);
        }
    }

    @Test
    void aBadDownloadLeavesNothingBehind() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer()) {
            RemoteFile wrong = new RemoteFile(server.serve("/data.bin", CONTENT), "data.bin",
                    RemoteFile.Verifier.sha256(sha256("other bytes".getBytes(StandardCharsets.UTF_8))));
            assertThatThrownBy(() -> new DatasetCache(cacheDir, false).fetch(wrong))
                    .isInstanceOf(DataFileException.class).hasMessageContaining("failed verification")
                    .hasMessageContaining("save it as " + cacheDir.resolve("data.bin"));
            RemoteFile missing = new RemoteFile(URI.create(wrong.uri() + "-gone"), "gone.bin", wrong.verifier());
            assertThatThrownBy(() -> new DatasetCache(cacheDir, false).fetch(missing))
                    .isInstanceOf(DataFileException.class).hasMessageContaining("HTTP 404");
            try (var files = Files.list(cacheDir)) {
                assertThat(files).isEmpty();
            }
        }
    }

    @Test
    void aFailedConnectionNamesTheAddressTheExceptionAndTheAlternatives() throws Exception {
        URI closed;
        try (LocalHttpServer server = new LocalHttpServer()) {
            closed = server.serve("/data.bin", CONTENT);
        }
        RemoteFile file = new RemoteFile(closed, "data.bin", RemoteFile.Verifier.sha256(sha256(CONTENT)));
        assertThatThrownBy(() -> new DatasetCache(cacheDir, false).fetch(file)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("Could not download " + closed + ": java.net.ConnectException")
                .hasMessageNotContaining("(null)")
                .hasMessageContaining("save it as " + cacheDir.resolve("data.bin"))
                .hasMessageContaining(DatasetCache.OFFLINE_PROPERTY + "=true").hasMessageContaining("--data-dir");
    }

    @Test
    void aCacheDirectoryThatIsAFileIsNotBlamedOnTheNetwork() throws Exception {
        Path notADirectory = Files.writeString(cacheDir.resolve("cache"), "a file");
        try (LocalHttpServer server = new LocalHttpServer()) {
            RemoteFile file = new RemoteFile(server.serve("/data.bin", CONTENT), "data.bin",
                    RemoteFile.Verifier.sha256(sha256(CONTENT)));
            for (boolean offline : new boolean[] {false, true}) {
                assertThatThrownBy(() -> new DatasetCache(notADirectory, offline).fetch(file))
                        .isInstanceOf(DataFileException.class)
                        .hasMessageContaining("The dataset cache " + notADirectory + " is not a directory")
                        .hasMessageContaining(DatasetCache.DIRECTORY_PROPERTY)
                        .hasMessageContaining(DatasetCache.DIRECTORY_ENVIRONMENT)
                        .hasMessageNotContaining("network");
            }
            assertThat(server.requests()).isZero();
        }
    }

    @Test
    void offlineModeSaysWhichFileToPlaceWhere() throws Exception {
        RemoteFile file = new RemoteFile(URI.create("https://example.org/data.bin"), "data.bin",
                RemoteFile.Verifier.sha256(sha256(CONTENT)));
        DatasetCache offline = new DatasetCache(cacheDir, true);
        assertThatThrownBy(() -> offline.fetch(file)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("Offline mode is on").hasMessageContaining("https://example.org/data.bin")
                .hasMessageContaining("save it as " + cacheDir.resolve("data.bin"));
        Files.write(cacheDir.resolve("data.bin"), CONTENT);
        assertThat(offline.fetch(file)).hasBinaryContent(CONTENT);
    }

    @Test
    void theSettingsComeFromSystemProperties() throws IOException {
        System.setProperty(DatasetCache.DIRECTORY_PROPERTY, cacheDir.toString());
        System.setProperty(DatasetCache.OFFLINE_PROPERTY, "TRUE");
        try {
            DatasetCache cache = DatasetCache.fromEnvironment();
            assertThat(cache.directory()).isEqualTo(cacheDir);
            assertThat(cache.offline()).isTrue();
        } finally {
            System.clearProperty(DatasetCache.DIRECTORY_PROPERTY);
            System.clearProperty(DatasetCache.OFFLINE_PROPERTY);
        }
    }
}
