package dev.seqconv.datasets.imdb;

import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.datasets.DataFileException;
import dev.seqconv.datasets.DatasetCache;
import dev.seqconv.datasets.RemoteFile;
import dev.seqconv.datasets.text.KerasTokenizer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.StringJoiner;

/**
 * The Large Movie Review Dataset (aclImdb v1: 25,000 training and 25,000 test reviews, half positive) with
 * Keras's word index, loaded as Keras's {@code imdb.load_data} loads its pre-tokenized copy — but from the raw
 * text, tokenized the way that index was built ({@link KerasTokenizer}).
 *
 * <p>Two ways in: {@link #fromDirectory} reads a local copy in seqconv's layout ({@code train.tsv.gz},
 * {@code test.tsv.gz}, {@code imdb_word_index.json.gz}, as in {@code shared/data/imdb}); {@link #fetch}
 * downloads the official archive and Keras's index into a {@link DatasetCache}, verifies them, and converts the
 * archive into that layout once. Every file is verified when read.
 */
public final class Imdb {

    /** The official archive, from the Stanford AI Lab. */
    public static final RemoteFile ARCHIVE = new RemoteFile(
            URI.create("https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz"), "aclImdb_v1.tar.gz",
            RemoteFile.Verifier.sha256("c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe"));

    /** Keras's word index. */
    public static final RemoteFile WORD_INDEX = new RemoteFile(
            URI.create("https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb_word_index.json"),
            "imdb_word_index.json", RemoteFile.Verifier.sha256(WordIndex.SHA256));

    /** The reviews of aclImdb v1 in seqconv's layout: the SHA-256 of each split's uncompressed content. */
    static final Release ACL_IMDB_V1 = new Release(
            "5b728dc30d74e837fbfce1264fa6d02c47eb2e1bda260ed0720136bb36451e1e",
            "630473ce8140da2c5a218ffefc566db723dd1ce6bfce4fbc3478ef1017cb4f09", 25_000, WordIndex.SHA256);

    /** What a copy of the reviews and the index must hash to, and how many reviews each split has. */
    record Release(String trainSha256, String testSha256, int reviewsPerSplit, String wordIndexSha256) {
    }

    /** A split of the dataset. */
    public enum Split {
        TRAIN, TEST
    }

    private final Path directory;
    private final Path wordIndexFile;
    private final Release release;

    Imdb(Path directory, Path wordIndexFile, Release release) {
        this.directory = directory;
        this.wordIndexFile = wordIndexFile;
        this.release = release;
    }

    /**
     * A local copy in seqconv's layout, such as {@code ../shared/data/imdb}.
     *
     * @throws DataFileException naming the missing file and the expected layout
     */
    public static Imdb fromDirectory(Path directory) {
        for (String name : List.of("train.tsv.gz", "test.tsv.gz")) {
            if (!Files.isRegularFile(directory.resolve(name))) {
                throw new DataFileException("No IMDB reviews in " + directory + ": " + name + " is missing. Expected "
                        + "seqconv's layout (train.tsv.gz, test.tsv.gz, imdb_word_index.json.gz — see "
                        + "shared/data/README.md), or use Imdb.fetch() to download the official archive");
            }
        }
        Path index = directory.resolve("imdb_word_index.json.gz");
        return new Imdb(directory, Files.isRegularFile(index) ? index : directory.resolve("imdb_word_index.json"),
                ACL_IMDB_V1);
    }

    /** The official archive and Keras's index, downloaded into {@code cache} on first use and verified. */
    public static Imdb fetch(DatasetCache cache) {
        return fetch(cache, ARCHIVE, WORD_INDEX, ACL_IMDB_V1);
    }

    static Imdb fetch(DatasetCache cache, RemoteFile archive, RemoteFile wordIndex, Release release) {
        Path index = cache.fetch(wordIndex);
        Path converted = cache.directory().resolve("imdb");
        if (!Files.isRegularFile(converted.resolve("train.tsv.gz"))
                || !Files.isRegularFile(converted.resolve("test.tsv.gz"))) {
            AclImdbArchive.convert(cache.fetch(archive), converted, release.reviewsPerSplit());
        }
        return new Imdb(converted, index, release);
    }

    /** The raw reviews of a split, positive ones first, each verified against the release. */
    public List<ImdbReview> reviews(Split split) {
        Path file = directory.resolve(split == Split.TRAIN ? "train.tsv.gz" : "test.tsv.gz");
        List<ImdbReview> reviews = ReviewsFile.read(file,
                split == Split.TRAIN ? release.trainSha256() : release.testSha256(), release.reviewsPerSplit());
        if (reviews.size() != release.reviewsPerSplit()) {
            throw new DataFileException(file + " holds " + reviews.size() + " reviews, expected "
                    + release.reviewsPerSplit());
        }
        return reviews;
    }

    public WordIndex wordIndex() {
        return WordIndex.read(wordIndexFile, release.wordIndexSha256());
    }

    /** Keras's {@code imdb.load_data(...)} on the raw reviews: both splits as shuffled id sequences. */
    public ImdbData load(ImdbOptions options) {
        WordIndex index = wordIndex();
        SeededRandom random = new SeededRandom(options.seed());
        return new ImdbData(tokenize(reviews(Split.TRAIN), index, options, random.fork("train")),
                tokenize(reviews(Split.TEST), index, options, random.fork("test")));
    }

    /**
     * Words for ids, as Keras's decoding recipe: the word of rank {@code id − indexFrom}, {@code ?} for the start
     * mark, out-of-vocabulary and unknown ids; padding (0) is left out.
     */
    public static String decode(int[] ids, WordIndex index, ImdbOptions options) {
        StringJoiner words = new StringJoiner(" ");
        for (int id : ids) {
            if (id != 0) {
                String word = index.word(id - options.indexFrom());
                words.add(word != null && id >= options.indexFrom() ? word : "?");
            }
        }
        return words.toString();
    }

    /**
     * Token ids of one review: the start mark, then each word's {@code rank + indexFrom}, with words absent from
     * the index and ids outside {@code [skipTop, numWords)} as the out-of-vocabulary id.
     *
     * @param counts incremented: {@code [0]} by the number of words, {@code [1]} by those the index has
     */
    public static int[] encode(String text, WordIndex index, ImdbOptions options, long[] counts) {
        List<String> words = KerasTokenizer.tokenize(text);
        int[] ids = new int[words.size() + 1];
        ids[0] = keep(options.startChar(), options);
        for (int i = 0; i < words.size(); i++) {
            int rank = index.rank(words.get(i));
            counts[0]++;
            if (rank > 0) {
                counts[1]++;
            }
            ids[i + 1] = rank > 0 ? keep(rank + options.indexFrom(), options) : options.oovChar();
        }
        return ids;
    }

    private static int keep(int id, ImdbOptions options) {
        boolean inRange = id >= options.skipTop() && (options.numWords() == 0 || id < options.numWords());
        return inRange ? id : options.oovChar();
    }

    private static TokenizedReviews tokenize(List<ImdbReview> reviews, WordIndex index, ImdbOptions options,
                                             SeededRandom shuffle) {
        long[] counts = new long[2];
        int[] order = shuffle.permutation(reviews.size());
        int[][] sequences = new int[reviews.size()][];
        float[] labels = new float[reviews.size()];
        for (int i = 0; i < order.length; i++) {
            ImdbReview review = reviews.get(order[i]);
            sequences[i] = encode(review.text(), index, options, counts);
            labels[i] = review.label();
        }
        return new TokenizedReviews(sequences, labels, counts[0], counts[1]);
    }
}
