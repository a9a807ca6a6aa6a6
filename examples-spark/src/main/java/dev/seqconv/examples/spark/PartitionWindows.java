package dev.seqconv.examples.spark;

import dev.seqconv.datasets.jena.ClimateSeries;
import dev.seqconv.datasets.jena.ColumnStatistics;
import dev.seqconv.datasets.jena.WindowRange;
import java.util.Collections;
import java.util.Iterator;
import java.util.stream.LongStream;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Cuts, in one partition, the windows that start there. A window starting at row {@code s} (the generator's
 * target row {@code r = s + lookback}) holds the normalized rows {@code s, s + step, …, s + lookback − step} and
 * the target {@code T (degC)} of row {@code s + lookback + delay}: it reads {@code lookback + delay} rows past
 * {@code s}, so the last windows of a partition read up to {@code lookback + delay} rows after its end, the halo,
 * which come from the broadcast {@link SeriesLayout}.
 */
final class PartitionWindows implements Function2<Integer, Iterator<float[]>, Iterator<Row>> {

    private static final long serialVersionUID = 1L;

    private static final int FEATURES = ClimateSeries.COLUMNS.size();

    private final Broadcast<SeriesLayout> layout;
    private final ColumnStatistics statistics;
    private final WindowRange range;
    /** The first window's first row (the generator's {@code min_index}). */
    private final long firstStart;
    /** The row just past the last window's first row ({@code max_index − lookback}). */
    private final long endStart;

    /** @param end the end of the target rows, {@code range}'s {@link WindowRange#end} for the series */
    PartitionWindows(Broadcast<SeriesLayout> layout, ColumnStatistics statistics, WindowRange range, long end) {
        this.layout = layout;
        this.statistics = statistics;
        this.range = range;
        this.firstStart = range.minIndex();
        this.endStart = end - range.lookback();
    }

    /** The rows the windows read: {@code [firstStart, endStart + lookback + delay)}. */
    long rowsEnd() {
        return endStart + range.lookback() + range.delay();
    }

    /**
     * @param partition the partition's index
     * @param rows      its raw rows of {@code [firstStart, rowsEnd())}, in order
     * @return its windows as rows {@code (window, target)}, in order of their first row
     */
    @Override
    public Iterator<Row> call(Integer partition, Iterator<float[]> rows) {
        SeriesLayout series = layout.value();
        long first = Math.max(series.start(partition), firstStart);
        long end = Math.min(series.end(partition), endStart);
        if (first >= end) {
            return Collections.emptyIterator();
        }
        long needed = end + range.lookback() + range.delay();
        float[] block = new float[Math.toIntExact((needed - first) * FEATURES)];
        long index = first;
        for (; index < needed && rows.hasNext(); index++) {
            System.arraycopy(rows.next(), 0, block, (int) (index - first) * FEATURES, FEATURES);
        }
        for (; index < needed; index++) {
            series.copyHeadRow(index, block, (int) (index - first) * FEATURES);
        }
        for (int i = 0; i < block.length; i++) {
            block[i] = statistics.normalize(i % FEATURES, block[i]);
        }
        return LongStream.range(0, end - first).mapToObj(s -> window(block, (int) s)).iterator();
    }

    /** The window whose first row is row {@code s} of {@code block}, and its target. */
    private Row window(float[] block, int s) {
        float[][] window = new float[range.lookback() / range.step()][FEATURES];
        for (int k = 0; k < window.length; k++) {
            System.arraycopy(block, (s + k * range.step()) * FEATURES, window[k], 0, FEATURES);
        }
        return RowFactory.create(window,
                block[(s + range.lookback() + range.delay()) * FEATURES + ClimateSeries.TEMPERATURE]);
    }
}
