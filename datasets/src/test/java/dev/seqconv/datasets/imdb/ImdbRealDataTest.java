package dev.seqconv.datasets.imdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seqconv.datasets.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** On the real reviews in {@code shared/data/imdb}; skipped with a message where they are absent. */
class ImdbRealDataTest {

    private static Imdb imdb;

    @BeforeAll
    static void locate() {
        assumeTrue(SharedData.hasImdb(), SharedData.imdbMissing());
        imdb = Imdb.fromDirectory(SharedData.directory().resolve("imdb"));
    }

    @Test
    void loadsBothSplitsBalancedWithKerasStatistics() {
        ImdbData data = imdb.load(ImdbOptions.numWords(10_000));
        assertThat(data.train().size()).isEqualTo(25_000);
        assertThat(data.test().size()).isEqualTo(25_000);
        assertThat(sum(data.train().labels())).isEqualTo(12_500);
        assertThat(sum(data.test().labels())).isEqualTo(12_500);
        double meanLength = data.train().meanLength();
        System.out.printf("IMDB: mean length train %.5f (Keras: 238.71364), test %.5f; words in the index: "
                + "train %.4f%%, test %.4f%%%n", meanLength, data.test().meanLength(), 100 * data.train().coverage(),
                100 * data.test().coverage());
        assertThat(meanLength).isBetween(238.7 * 0.98, 238.7 * 1.02);
        assertThat(data.train().coverage()).as("the index was built from the training split").isGreaterThan(0.9999);
        assertThat(data.test().coverage()).isGreaterThan(0.98);
        assertThat(java.util.Arrays.stream(data.train().sequences())
                .allMatch(s -> s[0] == 1 && java.util.Arrays.stream(s).allMatch(i -> i < 10_000)))
                .as("every sequence starts with 1 and keeps ids below num_words").isTrue();
    }

    @Test
    void theFirstTrainingReviewGetsKerasIds() {
        ImdbReview review = imdb.reviews(Imdb.Split.TRAIN).get(0);
        assertThat(review.fileId()).isEqualTo("0_9");
        assertThat(review.label()).isEqualTo(1);
        WordIndex index = imdb.wordIndex();
        assertThat(index.size()).isEqualTo(88_584);
        assertThat(index.rank("the")).isEqualTo(1);
        assertThat(index.rank("br")).isEqualTo(7);
        int[] ids = Imdb.encode(review.text(), index, ImdbOptions.numWords(10_000), new long[2]);
        assertThat(ids).hasSize(139).startsWith(1, 2, 312, 9, 6, 1072, 212, 12, 2178, 33, 4, 172, 58, 17, 49, 85,
                5872, 44, 396, 113, 141, 17, 5362, 61, 4480, 153, 11, 4, 5035, 5951);
        assertThat(Imdb.decode(ids, index, ImdbOptions.numWords(10_000))).startsWith("? ? high is a cartoon comedy");
    }

    private static int sum(float[] labels) {
        int s = 0;
        for (float l : labels) {
            s += (int) l;
        }
        return s;
    }
}
