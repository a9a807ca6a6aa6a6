package dev.seqconv.datasets.imdb;

import dev.seqconv.api.io.DecompressionLimit;
import dev.seqconv.datasets.Checksums;
import dev.seqconv.datasets.DataFileException;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The reviews of one split as seqconv stores them (the layout of {@code shared/data/imdb}): gzip, UTF-8, one
 * review a line, {@code label \t file_id \t text}, positive reviews by numeric id, then negative ones. The
 * content (uncompressed) is verified against the SHA-256 of the aclImdb v1 reviews in this layout.
 */
final class ReviewsFile {

    /** The most bytes a split may decompress to: the aclImdb v1 splits hold about 33 MB. */
    static final long MAX_BYTES = 64L << 20;
    /** The longest line taken: the longest aclImdb v1 review has about 14,000 characters. */
    static final int MAX_LINE_CHARS = 1 << 20;

    private ReviewsFile() {
    }

    static List<ImdbReview> read(Path file, String expectedSha256, int expectedReviews) {
        return read(file, expectedSha256, expectedReviews, MAX_BYTES);
    }

    /** @param maxBytes the most bytes the file may decompress to */
    static List<ImdbReview> read(Path file, String expectedSha256, int expectedReviews, long maxBytes) {
        if (!Files.isRegularFile(file)) {
            throw new DataFileException("IMDB reviews are missing: no file " + file);
        }
        MessageDigest digest = Checksums.newDigest("SHA-256");
        List<ImdbReview> reviews = new ArrayList<>(expectedReviews);
        int lineNumber = 0;
        String fix = "the aclImdb v1 splits hold about 33 MB. Restore it, or delete it to fetch the reviews again";
        try (InputStream in = new DigestInputStream(new DecompressionLimit(new GZIPInputStream(
                Files.newInputStream(file), 1 << 16), maxBytes, file.toString(), fix, DataFileException::new), digest);
             BufferedReader lines = new BufferedReader(new LineLimit(new InputStreamReader(in, StandardCharsets.UTF_8),
                     file), 1 << 16)) {
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

    /** Text whose lines may not be longer than any review: refused before a reader gathers such a line. */
    private static final class LineLimit extends FilterReader {

        private final Path file;
        private int lineNumber = 1;
        private int lineLength;

        LineLimit(Reader in, Path file) {
            super(in);
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            char[] one = new char[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            for (int i = offset; i < offset + n; i++) {
                if (buffer[i] == '\n') {
                    lineNumber++;
                    lineLength = 0;
                } else if (++lineLength > MAX_LINE_CHARS) {
                    throw new DataFileException(String.format(Locale.ROOT, "%s, line %d: longer than %,d "
                            + "characters, where the longest review has about 14,000; the file is damaged or not in "
                            + "seqconv's layout. Restore it, or delete it to fetch the reviews again", file,
                            lineNumber, MAX_LINE_CHARS));
                }
            }
            return n;
        }
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
