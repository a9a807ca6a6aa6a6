package dev.seqconv.datasets.imdb;

import dev.seqconv.api.io.AtomicFiles;
import dev.seqconv.datasets.DataFileException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Turns the official {@code aclImdb_v1.tar.gz} into seqconv's layout ({@link ReviewsFile}): for each of
 * {@code train} and {@code test}, the labelled reviews {@code aclImdb/<split>/{pos,neg}/<id>_<rating>.txt} as
 * lines {@code label \t id_rating \t text}, positive reviews by numeric id then negative ones, each review's
 * bytes unchanged except that tab, CR and LF become a space. The unlabelled {@code unsup} reviews are skipped.
 */
final class AclImdbArchive {

    private static final Pattern REVIEW = Pattern.compile("(?:\\./)?aclImdb/(train|test)/(pos|neg)/((\\d+)_\\d+)\\.txt");

    private record Entry(String split, boolean positive, int id, String fileId, byte[] text) {
    }

    /** The largest review taken: the longest in aclImdb v1 has about 14,000 bytes. */
    static final long MAX_REVIEW_BYTES = 1L << 20;
    /** The most review text taken in all: aclImdb v1's labelled reviews hold about 65 MB. */
    static final long MAX_TOTAL_BYTES = 256L << 20;

    private AclImdbArchive() {
    }

    /**
     * Writes {@code train.tsv.gz} and {@code test.tsv.gz} into {@code directory}, each atomically.
     *
     * @param reviewsPerSplit how many labelled reviews each split must have (25,000 in aclImdb v1)
     */
    static void convert(Path archive, Path directory, int reviewsPerSplit) {
        List<Entry> entries = new ArrayList<>(50_000);
        long total = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
                new BufferedInputStream(Files.newInputStream(archive), 1 << 16)))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                Matcher m = REVIEW.matcher(e.getName());
                if (e.isFile() && m.matches()) {
                    total += e.getSize();
                    if (e.getSize() > MAX_REVIEW_BYTES || total > MAX_TOTAL_BYTES) {
                        throw new DataFileException(String.format(Locale.ROOT, "%s: the review %s holds %,d bytes, "
                                + "which brings the labelled reviews to %,d bytes; aclImdb v1's longest review has "
                                + "about 14,000 bytes (at most %,d taken) and all of them about 65 MB (at most %,d "
                                + "taken): it is not aclImdb v1. Delete it to download it again", archive, e.getName(),
                                e.getSize(), total, MAX_REVIEW_BYTES, MAX_TOTAL_BYTES));
                    }
                    entries.add(new Entry(m.group(1), m.group(2).equals("pos"), Integer.parseInt(m.group(4)),
                            m.group(3), flatten(tar.readAllBytes())));
                }
            }
        } catch (IOException e) {
            throw new DataFileException(archive + " is not a readable aclImdb archive (" + e.getMessage() + "); delete "
                    + "it to download it again", e);
        }
        for (String split : List.of("train", "test")) {
            List<Entry> reviews = entries.stream().filter(e -> e.split().equals(split))
                    .sorted(Comparator.comparing((Entry e) -> !e.positive()).thenComparingInt(Entry::id)).toList();
            if (reviews.size() != reviewsPerSplit) {
                throw new DataFileException(archive + " holds " + reviews.size() + " labelled " + split
                        + " reviews, not " + reviewsPerSplit + "; it is not aclImdb v1: delete it to download it again");
            }
            write(reviews, directory.resolve(split + ".tsv.gz"));
        }
    }

    private static void write(List<Entry> reviews, Path target) {
        try {
            AtomicFiles.write(target, temporary -> {
                try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
                    for (Entry r : reviews) {
                        out.write((r.positive() ? "1\t" : "0\t").getBytes(StandardCharsets.US_ASCII));
                        out.write((r.fileId() + "\t").getBytes(StandardCharsets.US_ASCII));
                        out.write(r.text());
                        out.write('\n');
                    }
                }
            });
        } catch (UncheckedIOException e) {
            throw new DataFileException(e.getMessage(), e);
        }
    }

    /** The review's bytes with tab, CR and LF replaced by a space, so that it fits on one line. */
    private static byte[] flatten(byte[] text) {
        for (int i = 0; i < text.length; i++) {
            if (text[i] == '\t' || text[i] == '\r' || text[i] == '\n') {
                text[i] = ' ';
            }
        }
        return text;
    }
}
