package dev.seqconv.examples.spark;

import dev.seqconv.datasets.jena.ColumnStatistics;
import dev.seqconv.datasets.jena.WindowRange;
import dev.seqconv.datasets.jena.WindowSetting;
import dev.seqconv.spark.SparkTraining;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The chapter's Jena samples cut from a Spark table of climate records on the executors: the windows of
 * {@code datasets}' {@code ClimateGenerator} (listing 6.33) with {@code shuffle=False}, each once, in its order,
 * as a table of {@code window} ({@code array<array<float>>}, {@code (lookback / step, 14)}) and {@code target}
 * ({@code float}) that {@link SparkTraining} reads with {@code FeatureColumn.floats(WINDOW)} and
 * {@code label(TARGET)}. For each target row {@code r} in {@code [min_index + lookback, max_index)}:
 * <pre>
 * window[k] = z[r − lookback + k · step]     k = 0 … lookback / step − 1     (all 14 columns)
 * target    = z[r + delay][T (degC)]
 * z[i][c]   = (x[i][c] − mean[c]) / std[c]
 * </pre>
 * with the mean and standard deviation given ({@link #statistics}, computed on the executors, or
 * {@code ClimateSeries.statistics} of the same rows). An absent {@code max_index} means {@code rows − delay − 1}.
 *
 * <p><b>Order.</b> The table's order is the series' order: row {@code i} is the {@code i}-th row of the table
 * (partition by partition, as {@code zipWithIndex} numbers them). {@code spark.read().option("header", true)
 * .csv(path)} keeps a file's rows in order; a table in another order must be sorted first (an {@code orderBy} on
 * the parsed {@code Date Time}), and must not be repartitioned afterwards.
 *
 * <p><b>Halo.</b> Each partition cuts the windows that start in it. The last of them read up to
 * {@code lookback + delay} rows past the partition's end; so one job counts every partition's rows (giving each
 * row its index) and brings the first {@code lookback + delay} rows of every partition to the driver, which
 * broadcasts them: the rows after a partition's end are among them however the following partitions are sized.
 * Nothing else of the series reaches the driver; the windows are made lazily, when the returned table is read.
 *
 * <pre>{@code
 * Dataset<Row> records = spark.read().option("header", true).csv("jena_climate_2009_2016.csv");
 * ColumnStatistics statistics = ClimateWindows.statistics(records, 200_000);
 * ClimateWindows windows = ClimateWindows.of(WindowSetting.SECTION_6_4);
 * Dataset<Row> train = windows.minIndex(0).maxIndex(200_000).cut(records, statistics);
 * Dataset<Row> validation = windows.minIndex(200_001).maxIndex(300_000).cut(records, statistics);
 * }</pre>
 */
public final class ClimateWindows {

    /** The column of the samples, {@code array<array<float>>} of shape {@code (lookback / step, 14)}. */
    public static final String WINDOW = "window";

    /** The column of the targets, the normalized temperature {@code delay} rows after a window's last row. */
    public static final String TARGET = "target";

    /** The samples' table: {@link #WINDOW} and {@link #TARGET}, neither nullable. */
    public static final StructType SCHEMA = new StructType()
            .add(WINDOW, DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType, false), false), false)
            .add(TARGET, DataTypes.FloatType, false);

    private final WindowRange range;

    private ClimateWindows(WindowRange range) {
        this.range = range;
    }

    /** The windows of {@code setting} (its batch size plays no part) over the whole series. */
    public static ClimateWindows of(WindowSetting setting) {
        return new ClimateWindows(WindowRange.of(setting));
    }

    /** These windows with target rows from {@code minIndex + lookback} (the generator's {@code min_index}). */
    public ClimateWindows minIndex(int minIndex) {
        return new ClimateWindows(range.withMinIndex(minIndex));
    }

    /** These windows with target rows before {@code maxIndex}; {@code null} means {@code rows − delay − 1}. */
    public ClimateWindows maxIndex(Integer maxIndex) {
        return new ClimateWindows(range.withMaxIndex(maxIndex));
    }

    /**
     * Each column's mean and standard deviation over the table's first {@code firstRows} rows (the chapter's
     * 200,000), computed on the executors; {@code ClimateSeries.statistics} of the same rows, up to the order of
     * the additions.
     *
     * @throws IllegalArgumentException if a column is missing, a value of those rows is not a number, the table
     *                                  has fewer rows, or a column is constant over them
     */
    public static ColumnStatistics statistics(Dataset<Row> records, int firstRows) {
        JavaRDD<Row> rows = ClimateRecords.columns(records);
        return SeriesStatistics.of(rows, SeriesLayout.of(rows, 0), firstRows);
    }

    /**
     * The samples of {@code records}, normalized with {@code statistics}. Runs one job (the rows' count and the
     * halo); the windows are cut when the returned table is read, in as many partitions as {@code records} has.
     *
     * @throws IllegalArgumentException if a column is missing, the range of rows holds no window, or (when the
     *                                  table is read) a value is not a number
     */
    public Dataset<Row> cut(Dataset<Row> records, ColumnStatistics statistics) {
        JavaRDD<Row> rows = ClimateRecords.columns(records);
        SeriesLayout layout = SeriesLayout.of(rows, range.lookback() + range.delay());
        long end = range.end(layout.rows());
        Broadcast<SeriesLayout> shared = JavaSparkContext.fromSparkContext(records.sparkSession().sparkContext())
                .broadcast(layout);
        PartitionWindows windows = new PartitionWindows(shared, statistics, range, end);
        JavaRDD<Row> samples = layout.values(rows, range.minIndex(), windows.rowsEnd())
                .mapPartitionsWithIndex(windows, true);
        return records.sparkSession().createDataFrame(samples, SCHEMA);
    }
}
