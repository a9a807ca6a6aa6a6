package dev.seqconv.api.io;

import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.exceptions.HdfChecksumMismatchException;
import io.jhdf.exceptions.UnsupportedHdfException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.function.Function;

/**
 * Reads one version of an HDF5 file, whatever other programs do to it meanwhile, or fails with a message that
 * names the file and says what to do.
 *
 * <p>jhdf reads through one channel, opened once: a file replaced by a rename (seqconv's saves, {@link AtomicFiles})
 * keeps the version it opened to the end of the read. A file rewritten in place is another matter: the read may mix
 * both versions. So the file's identity, size and modification time are compared before and after each read; a
 * file modified in place meanwhile is read again, up to {@link #ATTEMPTS} times. Every jhdf failure, including the
 * bare {@link IllegalArgumentException}s it throws on garbage ({@code Couldn't read 0 bytes as int}), comes out
 * naming the file.
 */
final class Hdf5Reader {

    /** Reads of a file that keeps changing in place before giving up. */
    static final int ATTEMPTS = 3;

    private Hdf5Reader() {
    }

    /**
     * Opens {@code file} and applies {@code reader} to one version of it.
     *
     * @throws IllegalArgumentException naming the file: missing, truncated, corrupt, using an unsupported feature, or
     *                                  rewritten in place throughout {@link #ATTEMPTS} reads
     */
    static <T> T read(Path file, Function<HdfFile, T> reader) {
        FileNames.requireResolvable(file);
        RuntimeException failure = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Version before = Version.of(file);
            if (before.size() == 0) {
                throw new IllegalArgumentException(file + " is empty: it was never written, or a program is writing "
                        + "it in place and has just begun. Load it once it is written");
            }
            try {
                T result = parse(file, reader);
                if (!before.modifiedInPlace(Version.of(file))) {
                    return result;
                }
            } catch (IllegalArgumentException e) {
                failure = e;
                if (!before.modifiedInPlace(Version.of(file))) {
                    throw e;
                }
            }
        }
        throw new IllegalArgumentException(file + " changed while it was being read, " + ATTEMPTS + " times in a row: "
                + "another program is rewriting it in place. Load it once that program is done, or have it write a "
                + "new file and rename it over this one (as seqconv's saves do), which readers never see half-done",
                failure);
    }

    private static <T> T parse(Path file, Function<HdfFile, T> reader) {
        try (HdfFile h5 = new HdfFile(file)) {
            requireComplete(file, h5);
            return reader.apply(h5);
        } catch (IllegalArgumentException e) {
            throw thrownByJhdf(e) ? unreadable(file, e) : e;
        } catch (RuntimeException e) {
            throw unreadable(file, e);
        } catch (OutOfMemoryError e) {
            throw new IllegalArgumentException("Reading " + file + " needed more memory than the Java heap has left ("
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB): its weights are larger than that, or a "
                    + "damaged size field asks for more than the file holds. Give Java a larger heap (-Xmx, or "
                    + "SEQCONV_JAVA_OPTS for ./seqconv), or restore the file from a good copy", e);
        } catch (InternalError e) {
            throw new IllegalArgumentException(file + " was truncated while it was being read (" + e.getMessage()
                    + "): another program truncated or rewrote it in place; load it again once that program is "
                    + "done", e);
        }
    }

    /** Refuses a file shorter than its superblock says: cut short by a copy or a writer that has not finished. */
    private static void requireComplete(Path file, HdfFile h5) {
        Superblock superblock = h5.getHdfBackingStorage().getSuperblock();
        long end = superblock.getBaseAddressByte() + superblock.getEndOfFileAddress();
        if (h5.size() < end) {
            throw new IllegalArgumentException(file + " is truncated: it holds " + h5.size() + " bytes, but its HDF5 "
                    + "header says " + end + ". It was cut short (an interrupted copy or download, or a writer that "
                    + "has not finished); copy or save it again");
        }
    }

    /**
     * Whether jhdf threw {@code e} (itself, or through the JDK, as {@code ByteBuffer.position} does on a garbage
     * offset) rather than seqconv's own checks: the innermost frame of either names the thrower.
     */
    private static boolean thrownByJhdf(IllegalArgumentException e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().startsWith("io.jhdf.")) {
                return true;
            }
            if (frame.getClassName().startsWith("dev.seqconv.")) {
                return false;
            }
        }
        return false;
    }

    /**
     * The clearest message for a failure inside jhdf: a checksum, an unsupported feature, or damage.
     *
     * @param where names the file, or the value in it
     */
    static IllegalArgumentException unreadable(Object where, RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof HdfChecksumMismatchException) {
                return new IllegalArgumentException(where + " fails an HDF5 checksum (" + cause.getMessage()
                        + "): the file is corrupt; restore it from a good copy or save it again", e);
            }
            if (cause instanceof UnsupportedHdfException) {
                return new IllegalArgumentException(where + " uses an HDF5 feature that seqconv's reader does not "
                        + "implement (" + cause.getMessage() + "); " + Hdf5Features.SUPPORTED, e);
            }
        }
        return new IllegalArgumentException(where + " is not a readable HDF5 weights file (" + e.getMessage()
                + "); it is truncated or corrupt: restore it from a good copy or save it again", e);
    }

    /**
     * What identifies one version of a file: the file itself (device and inode where the file system says), its
     * size and its modification time.
     */
    private record Version(Object key, long size, FileTime modified) {

        static Version of(Path file) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                if (!attributes.isRegularFile()) {
                    throw new IllegalArgumentException("No weights file at " + file + ": it is a folder or a device, "
                            + "not a file");
                }
                return new Version(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime());
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("No weights file at " + file, e);
            } catch (IOException e) {
                throw new IllegalArgumentException("Could not read " + file + ": " + AtomicFiles.reason(e), e);
            }
        }

        /**
         * Whether {@code later} is this file changed in place. Another file under the name (a rename, as seqconv
         * saves) is not: jhdf read one of the two, each complete, through the channel it opened.
         */
        boolean modifiedInPlace(Version later) {
            boolean sameFile = key == null || Objects.equals(key, later.key);
            return sameFile && (size != later.size || !modified.equals(later.modified));
        }
    }
}
