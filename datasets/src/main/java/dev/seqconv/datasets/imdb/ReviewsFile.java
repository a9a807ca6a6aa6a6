package dev.seqconv.datasets.imdb;

import dev.seqconv.datasets.Checksums;
import dev.seqconv.datasets.DataFileException;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The reviews of one split as seqconv stores them (the layout of {@code shared/data/imdb}): gzip, UTF-8, one
 * review a line, {@code label \t file_id \t text}, positive reviews by numeric id, then negative ones. The
 * content (uncompressed) is verified against the SHA-256 of the aclImdb v1 reviews in this layout.
 */
final class ReviewsFile {

    private ReviewsFile() {
    }

    static List<ImdbReview> read(Path file, String expectedSha256, int expectedReviews) {
        if (!Files.isRegularFile(file)) {
            throw new DataFileException("IMDB reviews are missing: no file " + file);
        }
        MessageDigest digest = Checksums.newDigest("SHA-256");
        List<ImdbReview> reviews = new ArrayList<>(expectedReviews);
        int lineNumber = 0;
        try (InputStream in = new DigestInputStream(new GZIPInputStream(Files.newInputStream(file), 1 << 16), digest);
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            for (String line; (line = lines.readLine()) != null; ) {
                lineNumber++;
                reviews.add(parse(file, lineNumber, line));
            }
        } catch (EOFException | ZipException e) {
            throw new DataFileException(file + " is truncated or corrupt (" + e.getMessage() + ", after line "
                    + lineNumber + "); restore it or delete it to fetch the reviews again", e);
        } catch (IOException e) {
            throw new DataFileException("Could not read " + file + ": " + e.getMessage(), e);
        }
        String actual = Checksums.hex(digest.digest());
        if (!actual.equals(expectedSha256)) {
            throw new DataFileException(file + " holds " + reviews.size() + " reviews but is not the aclImdb v1 split "
                    + "(content SHA-256 " + actual + ", expected " + expectedSha256 + "); it was edited or is another "
                    + "release: restore it, or delete it to fetch the reviews again");
        }
        return reviews;
    }

    private static ImdbReview parse(Path file, int lineNumber, String line) {
        int first = line.indexOf('\t');
        int second = first < 0 ? -1 : line.indexOf('\t', first + 1);
        if (second < 0) {
            throw new DataFileException(file + ", line " + lineNumber + ": expected 'label<TAB>file_id<TAB>text'");
        }
        String label = line.substring(0, first);
        if (!label.equals("0") && !label.equals("1")) {
            throw new DataFileException(file + ", line " + lineNumber + ": label '" + label + "' is not 0 or 1");
        }
        return new ImdbReview(label.charAt(0) - '0', line.substring(first + 1, second), line.substring(second + 1));
    }
}
