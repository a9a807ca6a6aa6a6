package dev.seqconv.examples.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.seqconv.api.data.Batch;
import dev.seqconv.datasets.jena.ClimateGenerator;
import dev.seqconv.datasets.jena.ClimateSeries;
import dev.seqconv.datasets.jena.ColumnStatistics;
import dev.seqconv.datasets.jena.JenaClimate;
import dev.seqconv.datasets.jena.WindowSetting;
import dev.seqconv.spark.LocalSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Jena windows cut on Spark's executors ({@code local[2]}) against the chapter's generator on the same fixture
 * series: the same windows, in the same order, with the same targets; tables in several partitions, some smaller
 * than the halo and some empty, so that windows read rows of the next partitions.
 */
class ClimateWindowsTest {

    /** Small windows: 4 time steps of 3 rows, the target 6 rows after the window's last row. */
    private static final WindowSetting SMALL = new WindowSetting(12, 3, 6, 1);
    private static final int ROWS = 200;
    private static final int NORMALIZED_ROWS = 120;

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static Path csv;
    private static ClimateSeries series;

    @BeforeAll
    static void fixture() {
        spark = LocalSpark.session();
        csv = ClimateRecordTables.csv(dir, ROWS);
        series = JenaClimate.read(csv);
    }

    @Test
    void windowsOfACsvReadInSeveralPartitionsAreTheGeneratorsWithStatisticsFromTheExecutors() {
        String key = "spark.sql.files.maxPartitionBytes";
        spark.conf().set(key, "2500");
        try {
            Dataset<Row> records = spark.read().option("header", true).csv(csv.toString());
            assertThat(records.rdd().getNumPartitions()).isGreaterThan(4);
            ColumnStatistics statistics = ClimateWindows.statistics(records, NORMALIZED_ROWS);
            assertSameWindows(ClimateWindows.of(SMALL).cut(records, statistics), generator(0, null));
        } finally {
            spark.conf().unset(key);
        }
    }

    @Test
    void windowsCrossingSeveralSmallAndEmptyPartitionsAreTheGenerators() {
        Dataset<Row> records = ClimateRecordTables.inPartitions(spark, csv, 40, 0, 3, 5, 0, 0, 2, 7, 50, 1, 1, 4, 87);
        ColumnStatistics statistics = series.statistics(NORMALIZED_ROWS);
        assertSameWindows(ClimateWindows.of(SMALL).cut(records, statistics), generator(0, null));
        assertSameWindows(ClimateWindows.of(SMALL).minIndex(45).maxIndex(120).cut(records, statistics),
                generator(45, 120));
        assertSameWindows(ClimateWindows.of(SMALL).minIndex(121).maxIndex(ROWS - SMALL.delay()).cut(records,
                statistics), generator(121, ROWS - SMALL.delay()));
    }

    @Test
    void numericColumnsGiveTheSameWindowsAsText() {
        Dataset<Row> text = ClimateRecordTables.inPartitions(spark, csv, 100, 100);
        Dataset<Row> numbers = text;
        for (String column : ClimateSeries.COLUMNS) {
            numbers = numbers.withColumn(column, functions.col("`" + column + "`").cast("float"));
        }
        assertSameWindows(ClimateWindows.of(SMALL).cut(numbers, series.statistics(NORMALIZED_ROWS)),
                generator(0, null));
    }

    @Test
    void statisticsOnTheExecutorsAreThoseOfTheSeries() {
        Dataset<Row> records = ClimateRecordTables.inPartitions(spark, csv, 30, 0, 45, 125);
        ColumnStatistics expected = series.statistics(NORMALIZED_ROWS);
        ColumnStatistics actual = ClimateWindows.statistics(records, NORMALIZED_ROWS);
        for (int c = 0; c < ClimateSeries.COLUMNS.size(); c++) {
            assertThat(actual.mean(c)).as("mean of %s", ClimateSeries.COLUMNS.get(c))
                    .isCloseTo(expected.mean(c), within(1e-9 * Math.max(1, Math.abs(expected.mean(c)))));
            assertThat(actual.std(c)).as("std of %s", ClimateSeries.COLUMNS.get(c))
                    .isCloseTo(expected.std(c), within(1e-9 * Math.max(1, expected.std(c))));
        }
    }

    @Test
    void aMissingColumnIsNamedWithTheWayToReadTheFile() {
        Dataset<Row> records = ClimateRecordTables.inPartitions(spark, csv, ROWS).drop("T (degC)");
        ColumnStatistics statistics = series.statistics(NORMALIZED_ROWS);
        assertThatThrownBy(() -> ClimateWindows.of(SMALL).cut(records, statistics))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no column [T (degC)]")
                .hasMessageContaining("option(\"header\", true)");
        assertThatThrownBy(() -> ClimateWindows.statistics(records, NORMALIZED_ROWS))
                .hasMessageContaining("no column [T (degC)]");
    }

    @Test
    void aValueThatIsNotANumberIsNamedByRowAndColumn() {
        List<Row> rows = ClimateRecordTables.records(csv);
        Object[] cells = new Object[15];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = rows.get(57).get(i);
        }
        cells[2] = "n/a";
        rows.set(57, RowFactory.create(cells));
        Dataset<Row> records = ClimateRecordTables.inPartitions(spark, rows, 50, 150);
        ColumnStatistics statistics = series.statistics(NORMALIZED_ROWS);
        assertThatThrownBy(() -> ClimateWindows.of(SMALL).cut(records, statistics).collectAsList())
                .hasMessageContaining("Row 57 (counting from 0 in the table's order), column 'T (degC)': 'n/a' is not "
                        + "a finite number; fix or remove that row");
        assertThatThrownBy(() -> ClimateWindows.statistics(records, NORMALIZED_ROWS))
                .hasMessageContaining("Row 57").hasMessageContaining("'n/a' is not a finite number");
    }

    @Test
    void tooFewRowsForOneWindowSayHowManyAreNeeded() {
        int needed = SMALL.lookback() + SMALL.delay() + 2;
        List<Row> rows = ClimateRecordTables.records(csv);
        Dataset<Row> records = ClimateRecordTables.inPartitions(spark, rows.subList(0, needed - 1), needed - 1);
        ColumnStatistics statistics = series.statistics(NORMALIZED_ROWS);
        assertThatThrownBy(() -> ClimateWindows.of(SMALL).cut(records, statistics))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("The series has " + (needed - 1) + " rows, too few for one window")
                .hasMessageContaining("it needs at least " + needed + " rows");
        assertThatThrownBy(() -> ClimateWindows.of(SMALL).minIndex(100).maxIndex(112).cut(
                ClimateRecordTables.inPartitions(spark, rows, ROWS), statistics))
                .hasMessageContaining("does not fit in rows [100, 112)").hasMessageContaining("a wider range");
        assertThat(ClimateWindows.of(SMALL).cut(ClimateRecordTables.inPartitions(spark, rows.subList(0, needed), 9,
                needed - 9), statistics).count()).isEqualTo(1);
        assertThatThrownBy(() -> ClimateWindows.statistics(records, NORMALIZED_ROWS))
                .hasMessageContaining("normalize over at most " + (needed - 1) + " rows");
    }

    /** The generator's in-order windows of target rows {@code [minIndex + lookback, maxIndex)}, in one batch. */
    private static Batch generator(int minIndex, Integer maxIndex) {
        int end = maxIndex != null ? maxIndex : ROWS - SMALL.delay() - 1;
        int windows = end - minIndex - SMALL.lookback();
        return ClimateGenerator.builder(series.normalized(series.statistics(NORMALIZED_ROWS)))
                .lookback(SMALL.lookback()).step(SMALL.step()).delay(SMALL.delay()).minIndex(minIndex)
                .maxIndex(maxIndex).batchSize(windows).build().next();
    }

    private static void assertSameWindows(Dataset<Row> samples, Batch expected) {
        assertThat(samples.schema()).isEqualTo(ClimateWindows.SCHEMA);
        List<Row> rows = samples.collectAsList();
        float[] x = expected.x().toFloatArray();
        float[] y = expected.y().toFloatArray();
        int per = SMALL.timesteps() * ClimateSeries.COLUMNS.size();
        assertThat(rows).hasSize(y.length);
        for (int j = 0; j < rows.size(); j++) {
            List<Seq<Float>> window = CollectionConverters.asJava(rows.get(j).<Seq<Seq<Float>>>getAs(0));
            assertThat(window).hasSize(SMALL.timesteps());
            for (int k = 0; k < window.size(); k++) {
                List<Float> step = CollectionConverters.asJava(window.get(k));
                assertThat(step).hasSize(ClimateSeries.COLUMNS.size());
                for (int c = 0; c < step.size(); c++) {
                    assertThat(step.get(c)).as("window %d, step %d, column %d", j, k, c)
                            .isCloseTo(x[j * per + k * step.size() + c], within(1e-6f));
                }
            }
            assertThat(rows.get(j).getFloat(1)).as("target %d", j).isCloseTo(y[j], within(1e-6f));
        }
    }
}
