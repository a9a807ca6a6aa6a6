package dev.seqconv.examples.spark;

import dev.seqconv.datasets.jena.ClimateSeries;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;

/**
 * Where each row of a series held in a Spark table lies, and the first rows of every partition: the series' row
 * index is a row's position in the table's order, as {@code zipWithIndex} numbers rows (partition {@code p} holds
 * rows {@code [start_p, start_p + n_p)}, {@code start_p = Σ_{q<p} n_q}), and each partition's first {@code h}
 * rows (all of them if it has fewer) are kept here, so that a partition can read the {@code h} rows after its end
 * however those are spread over the following partitions: row {@code g} of partition {@code q} with
 * {@code g − start_q < h} is always among them. Built by one Spark job that counts each partition and gathers its
 * first rows; small (one {@code long} per partition and {@code h × 14} floats per partition), so it is broadcast.
 */
final class SeriesLayout implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final int FEATURES = ClimateSeries.COLUMNS.size();

    private final long[] starts;
    private final float[][] heads;

    private SeriesLayout(long[] starts, float[][] heads) {
        this.starts = starts;
        this.heads = heads;
    }

    /**
     * Counts the rows of each partition of {@code rows} (the 14 columns of {@link ClimateRecords#columns}) and
     * keeps the first {@code headRows} of each, read on the driver.
     *
     * @throws IllegalArgumentException if a kept row holds something other than 14 finite numbers
     */
    static SeriesLayout of(JavaRDD<Row> rows, int headRows) {
        List<PartitionHead> collected = rows.mapPartitionsWithIndex((partition, it) -> {
            long count = 0;
            List<Row> head = new ArrayList<>();
            for (; it.hasNext(); count++) {
                Row row = it.next();
                if (count < headRows) {
                    head.add(row);
                }
            }
            return List.of(new PartitionHead(partition, count, head)).iterator();
        }, true).collect();
        long[] starts = new long[collected.size() + 1];
        float[][] heads = new float[collected.size()][];
        for (PartitionHead partition : collected) {
            int p = partition.partition();
            starts[p + 1] = partition.rows();
            heads[p] = new float[partition.head().size() * FEATURES];
        }
        for (int p = 0; p < heads.length; p++) {
            starts[p + 1] += starts[p];
        }
        for (PartitionHead partition : collected) {
            int p = partition.partition();
            for (int i = 0; i < partition.head().size(); i++) {
                ClimateRecords.read(partition.head().get(i), starts[p] + i, heads[p], i * FEATURES);
            }
        }
        return new SeriesLayout(starts, heads);
    }

    /** Rows in the series. */
    long rows() {
        return starts[starts.length - 1];
    }

    /** The index of partition {@code p}'s first row. */
    long start(int p) {
        return starts[p];
    }

    /** The index just past partition {@code p}'s last row. */
    long end(int p) {
        return starts[p + 1];
    }

    /**
     * The raw values of the series' rows {@code [from, to)}, read on the executors: partition {@code p} of the
     * result holds rows {@code [max(start_p, from), min(end_p, to))}, 14 floats each, in order.
     */
    JavaRDD<float[]> values(JavaRDD<Row> rows, long from, long to) {
        long[] starts = this.starts;
        return rows.mapPartitionsWithIndex((partition, it) -> {
            List<float[]> kept = new ArrayList<>();
            long first = Math.max(starts[partition], from);
            long end = Math.min(starts[partition + 1], to);
            for (long index = starts[partition]; index < end && it.hasNext(); index++) {
                Row row = it.next();
                if (index >= first) {
                    float[] values = new float[FEATURES];
                    ClimateRecords.read(row, index, values, 0);
                    kept.add(values);
                }
            }
            return kept.iterator();
        }, true);
    }

    /**
     * Copies the raw values of row {@code index} to {@code out} from {@code offset}.
     *
     * @throws IllegalStateException if the row is not among the partitions' first rows kept here
     */
    void copyHeadRow(long index, float[] out, int offset) {
        if (index < 0 || index >= rows()) {
            throw new IllegalStateException("Row " + index + " is outside the series' " + rows() + " rows");
        }
        int p = Arrays.binarySearch(starts, 0, heads.length, index);
        p = p >= 0 ? p : -p - 2;
        while (starts[p + 1] <= index) {
            p++; // past empty partitions, which share their start with the next one
        }
        long local = index - starts[p];
        if ((local + 1) * FEATURES > heads[p].length) {
            throw new IllegalStateException("Row " + index + " is not among the first rows of its partition that "
                    + "the layout holds: the halo is too short");
        }
        System.arraycopy(heads[p], (int) local * FEATURES, out, offset, FEATURES);
    }

    /** What one partition reports: its index, its row count and its first rows. */
    private record PartitionHead(int partition, long rows, List<Row> head) implements Serializable {
    }
}
