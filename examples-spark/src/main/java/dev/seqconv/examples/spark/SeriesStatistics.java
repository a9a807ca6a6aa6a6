package dev.seqconv.examples.spark;

import dev.seqconv.datasets.jena.ClimateSeries;
import dev.seqconv.datasets.jena.ColumnStatistics;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;

/**
 * The {@link ColumnStatistics} of a series' first {@code n} rows, computed on the executors by two tree
 * aggregations with the formula of {@code ClimateSeries.statistics}:
 * {@code mean[c] = Σ_r x[r][c] / n}, then {@code std[c] = √(Σ_r (x[r][c] − mean[c])² / n)}, sums in doubles. Only
 * the order of the additions differs from the single-process computation (partition sums are added together).
 */
final class SeriesStatistics {

    private static final int FEATURES = ClimateSeries.COLUMNS.size();

    private SeriesStatistics() {
    }

    /**
     * @throws IllegalArgumentException if {@code firstRows} is not in {@code [1, rows]}, or a column is constant
     */
    static ColumnStatistics of(JavaRDD<Row> rows, SeriesLayout layout, int firstRows) {
        if (firstRows <= 0 || firstRows > layout.rows()) {
            throw new IllegalArgumentException("Statistics over the first " + firstRows + " rows need between 1 and "
                    + "the series' " + layout.rows() + " rows: normalize over at most " + layout.rows() + " rows, or "
                    + "use a longer series");
        }
        JavaRDD<float[]> values = layout.values(rows, 0, firstRows);
        double[] mean = sums(values, new double[FEATURES], false);
        for (int c = 0; c < FEATURES; c++) {
            mean[c] /= firstRows;
        }
        double[] std = sums(values, mean, true);
        for (int c = 0; c < FEATURES; c++) {
            std[c] = Math.sqrt(std[c] / firstRows);
        }
        return ColumnStatistics.of(mean, std, firstRows);
    }

    /** {@code Σ_r (x[r][c] − center[c])}, or its squares' sum if {@code squared}, per column. */
    private static double[] sums(JavaRDD<float[]> values, double[] center, boolean squared) {
        return values.treeAggregate(new double[FEATURES], (sum, row) -> {
            for (int c = 0; c < FEATURES; c++) {
                double d = row[c] - center[c];
                sum[c] += squared ? d * d : d;
            }
            return sum;
        }, (a, b) -> {
            for (int c = 0; c < FEATURES; c++) {
                a[c] += b[c];
            }
            return a;
        });
    }
}
