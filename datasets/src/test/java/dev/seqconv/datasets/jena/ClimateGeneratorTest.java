package dev.seqconv.datasets.jena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.data.Batch;
import java.util.Iterator;
import org.junit.jupiter.api.Test;

/** The chapter's generator on a series whose every cell says where it is: {@code value = 100·row + column}. */
class ClimateGeneratorTest {

    private static ClimateSeries indexed(int rows) {
        float[] v = new float[rows * 14];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < 14; c++) {
                v[r * 14 + c] = 100 * r + c;
            }
        }
        return new ClimateSeries(v, "first", "last", "fixture");
    }

    @Test
    void samplesAreEveryStepthRowOfTheLookbackAndTargetsTheTemperatureDelayLater() {
        ClimateGenerator g = ClimateGenerator.builder(indexed(60)).lookback(6).step(2).delay(3).minIndex(0)
                .maxIndex(20).batchSize(4).build();
        Batch b = g.next();
        assertThat(b.x().shape().dims()).containsExactly(4, 3, 14);
        // First target row 6: samples rows 0, 2, 4; target row 9, column 1.
        assertThat(b.x().getFloat(0, 0, 0)).isEqualTo(0f);
        assertThat(b.x().getFloat(0, 1, 5)).isEqualTo(205f);
        assertThat(b.x().getFloat(0, 2, 13)).isEqualTo(413f);
        assertThat(b.x().getFloat(3, 2, 1)).isEqualTo(701f);
        assertThat(b.y().toFloatArray()).containsExactly(901f, 1001f, 1101f, 1201f);
    }

    @Test
    void sequentialBatchesWrapAroundAsTheChaptersGeneratorDoes() {
        ClimateGenerator g = ClimateGenerator.builder(indexed(60)).lookback(6).step(3).delay(0).minIndex(2)
                .maxIndex(20).batchSize(5).build();
        assertThat(firstTargets(g.next())).containsExactly(8f, 9f, 10f, 11f, 12f);
        assertThat(firstTargets(g.next())).containsExactly(13f, 14f, 15f, 16f, 17f);
        // i = 18 and 18 + 5 >= 20: back to min_index + lookback = 8.
        assertThat(firstTargets(g.next())).containsExactly(8f, 9f, 10f, 11f, 12f);
    }

    @Test
    void shuffledRowsStayInTheirRangeAndFollowTheSeed() {
        ClimateGenerator.Builder b = ClimateGenerator.builder(indexed(200)).lookback(10).step(5).delay(2)
                .minIndex(50).maxIndex(120).batchSize(64).shuffle(true).stepsPerEpoch(10).seed(7);
        float[] first = b.build().next().y().toFloatArray();
        for (float target : first) {
            int row = (int) (target - 1) / 100 - 2;
            assertThat(row).isBetween(60, 119);
        }
        assertThat(b.build().next().y().toFloatArray()).containsExactly(first);
    }

    @Test
    void epochsContinueTheSameGenerator() {
        ClimateGenerator g = ClimateGenerator.builder(indexed(60)).lookback(6).step(3).delay(0).minIndex(2)
                .maxIndex(40).batchSize(5).stepsPerEpoch(2).build();
        Iterator<Batch> first = g.epoch(0);
        first.next();
        first.next();
        assertThat(first.hasNext()).isFalse();
        assertThat(firstTargets(g.epoch(1).next())).startsWith(18f);
    }

    @Test
    void anAbsentMaxIndexLeavesRoomForTheDelay() {
        ClimateGenerator g = ClimateGenerator.builder(indexed(30)).lookback(4).step(1).delay(5).batchSize(4).build();
        assertThat(g.stepsPerEpoch()).isEqualTo((30 - 5 - 1 - 0 - 4) / 4);
        for (int i = 0; i < 20; i++) {
            for (float target : g.next().y().toFloatArray()) {
                assertThat(target).isLessThan(30 * 100);
            }
        }
    }

    @Test
    void theChaptersStepCountsFollowFromItsSplits() {
        assertThat(ClimateGenerator.steps(200_001, 300_000, 1440, 128)).isEqualTo(769);
        assertThat(ClimateGenerator.steps(300_001, JenaClimate.ROWS, 1440, 128)).isEqualTo(930);
        assertThat(ClimateGenerator.steps(200_001, 300_000, 720, 128)).isEqualTo(775);
        assertThat(WindowSetting.SECTION_6_3.timesteps()).isEqualTo(240);
        assertThat(WindowSetting.SECTION_6_4.timesteps()).isEqualTo(240);
    }

    @Test
    void windowsThatDoNotFitAreRefusedWithTheFix() {
        ClimateSeries s = indexed(100);
        assertThatThrownBy(() -> ClimateGenerator.builder(s).lookback(94).step(1).delay(5).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("The series has 100 rows, too few for "
                        + "one window").hasMessageContaining("it needs at least 101 rows");
        assertThatThrownBy(() -> ClimateGenerator.builder(s).lookback(90).step(1).delay(5).maxIndex(90).build())
                .hasMessageContaining("does not fit in rows [0, 90)").hasMessageContaining("a wider range");
        assertThatThrownBy(() -> ClimateGenerator.builder(s).lookback(10).step(1).delay(5).maxIndex(99).build())
                .hasMessageContaining("runs past the 100 rows");
        assertThatThrownBy(() -> ClimateGenerator.builder(s).lookback(10).step(3).delay(5).build())
                .hasMessageContaining("multiple of step");
        assertThatThrownBy(() -> ClimateGenerator.builder(s).lookback(10).step(1).delay(5).batchSize(0).build())
                .hasMessageContaining("batchSize must be > 0");
    }

    @Test
    void theCommonSenseBaselineIsTheMeanErrorOfPersistence() {
        // Temperature rises by 100 per row. The last observation of a sample is `step` = 2 rows before the target
        // row's "now" and the target `delay` = 3 rows after it: predicting no change is off by 5 rows, 500 degrees.
        ClimateSeries rising = indexed(80);
        ColumnStatistics stats = rising.statistics(80);
        ClimateSeries normalized = rising.normalized(stats);
        ClimateGenerator validation = ClimateGenerator.builder(normalized).lookback(4).step(2).delay(3)
                .minIndex(10).maxIndex(60).batchSize(8).build();
        CommonSenseBaseline baseline = CommonSenseBaseline.evaluate(validation, stats);
        double perRow = 100 / stats.std(ClimateSeries.TEMPERATURE);
        assertThat(baseline.normalizedMae()).isCloseTo(5 * perRow, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(baseline.celsiusMae()).isCloseTo(500, org.assertj.core.data.Offset.offset(1e-2));
    }

    @Test
    void splitsScaleToShorterSeries() {
        SeriesSplits splits = SeriesSplits.proportional(42_055);
        assertThat(splits.trainEnd()).isEqualTo(19_999);
        assertThat(splits.validationEnd()).isEqualTo(29_999);
        ClimateSeries synthetic = SyntheticWeather.generate(42_055, 1);
        ClimateSeries normalized = synthetic.normalized(synthetic.statistics(splits.trainEnd()));
        assertThat(splits.validation(normalized, WindowSetting.SECTION_6_4).stepsPerEpoch())
                .isEqualTo((29_999 - 20_000 - 720) / 128);
        assertThat(splits.training(normalized, WindowSetting.SECTION_6_4, 500, 1).next().x().shape().dims())
                .containsExactly(128, 240, 14);
        ClimateGenerator test = splits.test(normalized, WindowSetting.SECTION_6_4);
        assertThat(test.stepsPerEpoch()).isEqualTo((42_055 - 30_000 - 720) / 128);
        Iterator<Batch> batches = test.epoch(0);
        for (int i = 0; i < test.stepsPerEpoch(); i++) {
            assertThat(batches.next().size()).isEqualTo(128);
        }
    }

    @Test
    void aBatchSizeNearIntegerMaxIsOneBatchOfAllWindowsInOrder() {
        ClimateGenerator g = ClimateGenerator.builder(indexed(100)).lookback(10).step(1).delay(5)
                .batchSize(Integer.MAX_VALUE).stepsPerEpoch(2).build();
        Iterator<Batch> batches = g.epoch(0);
        for (int i = 0; i < 2; i++) {
            Batch all = batches.next();
            // Target rows 10 .. 93: the default maxIndex is 100 - 5 - 1.
            assertThat(all.size()).isEqualTo(84);
            assertThat(firstTargets(all)).startsWith(15f);
        }
    }

    @Test
    void batchesTooLargeForTheRangeOrForAnArrayAreRefusedWithTheLargestThatWorks() {
        ClimateSeries s = indexed(100);
        assertThatThrownBy(() -> ClimateGenerator.builder(s).lookback(10).step(1).delay(5).batchSize(85).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hold 84 windows")
                .hasMessageContaining("use a batch size of at most 84");
        assertThatThrownBy(() -> ClimateGenerator.builder(s).lookback(10).step(1).delay(5).shuffle(true)
                .batchSize(Integer.MAX_VALUE).stepsPerEpoch(1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than one Java array can")
                .hasMessageContaining("use a batch size of at most 15,339,168");
    }

    @Test
    void statisticsOverMoreRowsThanTheSeriesHasSayHowManyItHas() {
        assertThatThrownBy(() -> indexed(100).statistics(200_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("first 200000 rows").hasMessageContaining("the series has only 100");
    }

    @Test
    void splitsRefuseASeriesTooShortForThemSayingWhatTheyNeed() {
        SeriesSplits.CHAPTER.requireRows(SyntheticWeather.generate(300_867, 1), WindowSetting.SECTION_6_4);
        assertThatThrownBy(() -> SeriesSplits.CHAPTER.requireRows(indexed(100), WindowSetting.SECTION_6_4))
                .isInstanceOf(dev.seqconv.datasets.DataFileException.class).hasMessageContaining("fixture has 100 rows")
                .hasMessageContaining("they need at least 300,867 rows")
                .hasMessageContaining("complete Jena record (420,551 rows");
    }

    private static float[] firstTargets(Batch b) {
        float[] t = b.y().toFloatArray();
        for (int i = 0; i < t.length; i++) {
            t[i] = (t[i] - 1) / 100;
        }
        return t;
    }
}
