package dev.seqconv.datasets;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A published data file: where to fetch it, the name it is cached under, and how to tell a good copy.
 *
 * @param uri      the published address
 * @param fileName the name in the cache directory
 * @param verifier checks a local copy's bytes
 */
public record RemoteFile(URI uri, String fileName, Verifier verifier) {

    public RemoteFile {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(verifier, "verifier");
    }

    /** Decides whether a local copy is the published file. */
    public interface Verifier {

        /** Why {@code file} is not the published file, or empty if it is. */
        Optional<String> problem(Path file);

        /** What is checked, for messages: {@code SHA-256 c40f…}. */
        String description();

        /** Checks the SHA-256 of the file's bytes against {@code expected} (lower-case hex). */
        static Verifier sha256(String expected) {
            if (!expected.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("Not a lower-case hex SHA-256: " + expected);
            }
            return new Verifier() {
                @Override
                public Optional<String> problem(Path file) {
                    String actual = Checksums.sha256(file);
                    return actual.equals(expected) ? Optional.empty()
                            : Optional.of("its SHA-256 is " + actual + ", expected " + expected);
                }

                @Override
                public String description() {
                    return "SHA-256 " + expected;
                }
            };
        }
    }
}
