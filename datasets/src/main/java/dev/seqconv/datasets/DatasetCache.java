package dev.seqconv.datasets;

import dev.seqconv.api.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Where downloaded data files are kept, as Keras's {@code ~/.keras/datasets}: fetched once from their published
 * address, verified by SHA-256, then reused. Downloads go to a temporary file that is moved into place only
 * once verified, so a failed or interrupted download never leaves a partial file under the final name.
 *
 * <p>The directory is the system property {@value #DIRECTORY_PROPERTY}, else the environment variable
 * {@value #DIRECTORY_ENVIRONMENT}, else {@code ~/.seqconv/datasets}. Offline mode (property
 * {@value #OFFLINE_PROPERTY} or variable {@value #OFFLINE_ENVIRONMENT} set to {@code true}) never downloads and
 * says which file to place where.
 */
public final class DatasetCache {

    public static final String DIRECTORY_PROPERTY = "seqconv.cache.dir";
    public static final String DIRECTORY_ENVIRONMENT = "SEQCONV_CACHE_DIR";
    public static final String OFFLINE_PROPERTY = "seqconv.offline";
    public static final String OFFLINE_ENVIRONMENT = "SEQCONV_OFFLINE";

    private static final String HOW_TO_SET_DIRECTORY = "the system property " + DIRECTORY_PROPERTY
            + " or the environment variable " + DIRECTORY_ENVIRONMENT;

    private static final System.Logger LOG = System.getLogger(DatasetCache.class.getName());

    private final Path directory;
    private final boolean offline;

    public DatasetCache(Path directory, boolean offline) {
        this.directory = directory;
        this.offline = offline;
    }

    /** The cache configured by system properties and environment variables, as described above. */
    public static DatasetCache fromEnvironment() {
        String dir = setting(DIRECTORY_PROPERTY, DIRECTORY_ENVIRONMENT);
        Path directory = dir != null ? Path.of(dir)
                : Path.of(System.getProperty("user.home"), ".seqconv", "datasets");
        String offline = setting(OFFLINE_PROPERTY, OFFLINE_ENVIRONMENT);
        return new DatasetCache(directory, offline != null && offline.trim().toLowerCase(Locale.ROOT).equals("true"));
    }

    public Path directory() {
        return directory;
    }

    public boolean offline() {
        return offline;
    }

    /**
     * The verified local copy of {@code file}: the cached one, or a fresh download.
     *
     * @throws DataFileException if offline and absent, if the download fails, or if the bytes do not verify
     */
    public Path fetch(RemoteFile file) {
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new DataFileException("The dataset cache " + directory + " is not a directory (a file is in the "
                    + "way), so " + file.fileName() + " cannot be kept there. Move that file away, or choose another "
                    + "cache directory with " + HOW_TO_SET_DIRECTORY);
        }
        Path target = directory.resolve(file.fileName());
        if (Files.isRegularFile(target)) {
            Optional<String> problem = file.verifier().problem(target);
            if (problem.isEmpty()) {
                return target;
            }
            if (offline) {
                throw new DataFileException(target + " is not the file published at " + file.uri() + ": "
                        + problem.get() + ". It is corrupt or another release; replace it with a fresh download "
                        + "(offline mode is on, so seqconv will not fetch it)");
            }
            LOG.log(System.Logger.Level.WARNING, target + " failed verification (" + problem.get()
                    + "); downloading it again");
        } else if (offline) {
            throw new DataFileException("Offline mode is on and " + target + " is missing. Download " + file.uri()
                    + " (" + file.verifier().description() + ") and save it as " + target
                    + ", or turn offline mode off (" + OFFLINE_PROPERTY + "=false)");
        }
        download(file, target);
        return target;
    }

    private void download(RemoteFile file, Path target) {
        requireWritableDirectory();
        LOG.log(System.Logger.Level.INFO, "Downloading " + file.uri() + " to " + target);
        try {
            AtomicFiles.write(target, partial -> downloadVerified(file, target, partial));
        } catch (UncheckedIOException e) {
            throw new DataFileException(downloadFailure(file, target, describe(e.getCause())), e);
        }
    }

    /** Downloads {@code file} to {@code partial} and verifies it; {@code target} is where it will go. */
    private static void downloadVerified(RemoteFile file, Path target, Path partial) throws IOException {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(HttpRequest.newBuilder(file.uri()).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataFileException("The download of " + file.uri() + " was interrupted", e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new DataFileException(downloadFailure(file, target, "the server answered HTTP "
                        + response.statusCode()));
            }
            Files.copy(body, partial, StandardCopyOption.REPLACE_EXISTING);
        }
        Optional<String> problem = file.verifier().problem(partial);
        if (problem.isPresent()) {
            throw new DataFileException("The download of " + file.uri() + " failed verification: "
                    + problem.get() + ". It was truncated or altered in transit; try again, or download it by "
                    + "hand and save it as " + target);
        }
    }

    /** Makes the cache directory if it is missing, and checks that a file can be written there. */
    private void requireWritableDirectory() {
        try {
            Files.createDirectories(directory);
            Files.delete(AtomicFiles.temporaryFile(directory));
        } catch (IOException e) {
            throw new DataFileException("Could not write to the dataset cache " + directory + " (" + describe(e)
                    + "). Make it a writable directory, or choose another with " + HOW_TO_SET_DIRECTORY, e);
        }
    }

    private static String downloadFailure(RemoteFile file, Path target, String reason) {
        return "Could not download " + file.uri() + ": " + reason + ". Check the network and the address, or use a "
                + "copy fetched another way: save it as " + target + " (" + file.verifier().description() + ") and set "
                + OFFLINE_PROPERTY + "=true (" + OFFLINE_ENVIRONMENT + "=true) so that seqconv never downloads, or, "
                + "in the seqconv application, pass --data-dir with a local copy";
    }

    /** The exception's class and message, and those of its cause when it has no message of its own. */
    private static String describe(Throwable e) {
        String text = e.getClass().getName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
        return e.getMessage() == null && e.getCause() != null ? text + ", caused by " + describe(e.getCause()) : text;
    }

    private static String setting(String property, String environment) {
        String value = System.getProperty(property);
        return value != null && !value.isBlank() ? value : System.getenv(environment);
    }
}
