package dev.seqconv.datasets.imdb;

import dev.seqconv.api.io.DecompressionLimit;
import com.google.gson.stream.JsonReader;
import dev.seqconv.datasets.Checksums;
import dev.seqconv.datasets.DataFileException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Keras's {@code imdb_word_index.json}: each word's frequency rank in the IMDB training reviews
 * ({@code the} = 1, {@code and} = 2, {@code br} = 7), 88,584 words.
 */
public final class WordIndex implements Serializable {

    private static final long serialVersionUID = 1L;

    /** SHA-256 of Keras's {@code imdb_word_index.json} (whose MD5 Keras checks: bfafd718b763782e994055a2d397834f). */
    public static final String SHA256 = "027313fe9a320280f3bf0fac5baf58c4a683cf39a7ed9c3d3d3912bde4284cf6";

    private final Map<String, Integer> ranks;
    private final String[] words;

    private WordIndex(Map<String, Integer> ranks) {
        this.ranks = ranks;
        int max = ranks.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        this.words = new String[max + 1];
        ranks.forEach((w, r) -> words[r] = w);
    }

    /**
     * Reads and verifies Keras's word index, plain or gzip-compressed ({@code .gz}).
     *
     * @throws DataFileException if the file is missing, corrupt, or not Keras's file
     */
    public static WordIndex read(Path file) {
        return read(file, SHA256);
    }

    /** The most bytes a compressed index may decompress to: Keras's holds 1.6 MB. */
    static final long MAX_BYTES = 16L << 20;

    /** Reads a word index whose content must have the given SHA-256. */
    static WordIndex read(Path file, String expectedSha256) {
        return read(file, expectedSha256, MAX_BYTES);
    }

    /** @param maxBytes the most bytes a compressed index may decompress to */
    static WordIndex read(Path file, String expectedSha256, long maxBytes) {
        if (!Files.isRegularFile(file)) {
            throw new DataFileException("Keras's IMDB word index is missing: no file " + file);
        }
        MessageDigest digest = Checksums.newDigest("SHA-256");
        Map<String, Integer> ranks = new HashMap<>(120_000);
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = new DigestInputStream(file.toString().endsWith(".gz") ? new DecompressionLimit(
                     new GZIPInputStream(raw), maxBytes, file.toString(), "Keras's imdb_word_index.json holds 1.6 MB. "
                     + "Restore the original file", DataFileException::new) : raw, digest);
             JsonReader json = new JsonReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            json.beginObject();
            while (json.hasNext()) {
                ranks.put(json.nextName(), json.nextInt());
            }
            json.endObject();
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (DataFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DataFileException(file + " is not a readable word index (" + e.getMessage() + "); it is "
                    + "truncated or corrupt: restore Keras's imdb_word_index.json", e);
        }
        String actual = Checksums.hex(digest.digest());
        if (!actual.equals(expectedSha256)) {
            throw new DataFileException(file + " is not Keras's imdb_word_index.json (content SHA-256 " + actual
                    + ", expected " + expectedSha256 + "); restore the original file");
        }
        return new WordIndex(ranks);
    }

    /** The number of words. */
    public int size() {
        return ranks.size();
    }

    /** The frequency rank of {@code word} (1 = most frequent), or 0 if the index does not have it. */
    public int rank(String word) {
        return ranks.getOrDefault(word, 0);
    }

    /** The word of rank {@code rank}, or {@code null}. */
    public String word(int rank) {
        return rank > 0 && rank < words.length ? words[rank] : null;
    }
}
