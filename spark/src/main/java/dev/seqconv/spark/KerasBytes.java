package dev.seqconv.spark;

import dev.seqconv.api.keras.KerasFileException;
import dev.seqconv.api.model.KerasModels;
import dev.seqconv.api.model.Sequential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The bytes of a {@code .keras} archive: its content hash, and the model they hold. */
final class KerasBytes {

    private KerasBytes() {
    }

    /** The SHA-256 of {@code bytes}, in hex: the archive's identity in the executors' model cache. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256, which every Java platform must provide", e);
        }
    }

    /**
     * The model in {@code bytes}, read through a temporary file that is deleted afterwards; the caller closes it.
     *
     * @throws KerasFileException if the bytes are not a {@code .keras} archive seqconv can run
     */
    static Sequential load(byte[] bytes) {
        Path file = null;
        try {
            file = Files.createTempFile("seqconv-scoring-", ".keras");
            Files.write(file, bytes);
            return KerasModels.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the model to a temporary file (" + e.getMessage() + "); give "
                    + "this JVM a writable java.io.tmpdir with room for the model", e);
        } finally {
            if (file != null) {
                deleteQuietly(file);
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            file.toFile().deleteOnExit();
        }
    }
}
