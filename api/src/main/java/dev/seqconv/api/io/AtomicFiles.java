package dev.seqconv.api.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

/**
 * The one way seqconv replaces a file: the new content goes to a temporary file in the same folder, which is then
 * renamed over the target in one step. A reader, a crash or a kill sees the old file or the new one, never part of
 * one; writers racing on one target each succeed, and the last rename wins.
 *
 * <p>Temporary names are short and fixed in form ({@code .seqconv-<random>.part}), so they fit wherever the
 * target's name fits, however long that is. Temporary files left by a killed writer are deleted by later writes to
 * the same folder once they are {@link #STALE} old.
 */
public final class AtomicFiles {

    static final String PREFIX = ".seqconv-";
    static final String SUFFIX = ".part";
    /** A temporary file untouched this long is a killed writer's: a live write fills its file within seconds. */
    static final Duration STALE = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {
    }

    /** Writes a file's content to the temporary path it is given. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path temporary) throws IOException;
    }

    /**
     * Writes {@code target} with {@code content}, replacing any file there only once the new one is complete.
     * Exceptions other than {@link IOException} from {@code content} pass through unchanged; nothing is replaced.
     *
     * @throws UncheckedIOException     naming the target and the file system's reason; a previous file is kept
     * @throws IllegalArgumentException as {@link FileNames#requireResolvable}
     */
    public static void write(Path target, Content content) {
        FileNames.requireResolvable(target);
        Path temporary = null;
        try {
            Path folder = folder(target);
            Files.createDirectories(folder);
            deleteStale(folder);
            temporary = temporaryFile(folder);
            content.writeTo(temporary);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + target + ": " + reason(e) + "; a previous file of "
                    + "that name, if any, is unchanged", e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    /** The folder {@code file} is in: its parent, or the working folder for a bare name. */
    public static Path folder(Path file) {
        Path parent = file.getParent();
        return parent != null ? parent : Path.of(".");
    }

    /**
     * A new, empty temporary file in {@code folder}, named as {@link #write} names its own: for a writer that needs
     * a scratch file beside its target (deleted by later writes if it is left behind). It gets the permissions of
     * any new file (the umask's), not {@link Files#createTempFile}'s owner-only ones, since it becomes the target.
     */
    public static Path temporaryFile(Path folder) throws IOException {
        while (true) {
            try {
                return Files.createFile(folder.resolve(PREFIX + Long.toUnsignedString(RANDOM.nextLong(), 36) + SUFFIX));
            } catch (FileAlreadyExistsException taken) {
                // another writer drew the same name: draw again
            }
        }
    }

    /**
     * The file system's reason for a failure, e.g. {@code FileSystemException: /a/b: File name too long}: the
     * exception's kind says more than its message, which is often only the path.
     */
    public static String reason(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
    }

    /** Deletes {@code path} if it exists; a temporary file that cannot be deleted is left for a later write. */
    public static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // left for deleteStale
            }
        }
    }

    /**
     * Deletes the temporary files in {@code folder} untouched for {@link #STALE}. Another writer may rename or
     * delete any of them meanwhile (reading its time then fails): cleaning skips what it cannot do and never fails
     * a write.
     */
    private static void deleteStale(Path folder) {
        FileTime cutoff = FileTime.from(Instant.now().minus(STALE));
        try (DirectoryStream<Path> temporaries = Files.newDirectoryStream(folder, PREFIX + "*" + SUFFIX)) {
            for (Path temporary : temporaries) {
                try {
                    if (Files.getLastModifiedTime(temporary).compareTo(cutoff) < 0) {
                        Files.deleteIfExists(temporary);
                    }
                } catch (IOException gone) {
                    // renamed or deleted by its own writer meanwhile
                }
            }
        } catch (IOException | DirectoryIteratorException unlisted) {
            // the folder cannot be listed: the write itself says whether it can be written
        }
    }
}
