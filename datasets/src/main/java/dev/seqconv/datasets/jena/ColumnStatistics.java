package dev.seqconv.datasets.jena;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Each column's mean and (population) standard deviation over the first rows of a series — the chapter's
 * {@code float_data[:200000].mean(axis=0)} and {@code .std(axis=0)}:
 * <pre>
 * mean[c] = Σ_r x[r][c] / n        std[c] = √( Σ_r (x[r][c] − mean[c])² / n )        (r &lt; n)
 * </pre>
 * Serializable, so that a distributed reader (Spark's executors) can normalize with the same numbers.
 */
public final class ColumnStatistics implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double[] mean;
    private final double[] std;

    private ColumnStatistics(double[] mean, double[] std) {
        this.mean = mean;
        this.std = std;
    }

    /**
     * Statistics computed elsewhere (for example by a distributed aggregation) over the first {@code rows} rows.
     *
     * @throws IllegalArgumentException if there are not one mean and one standard deviation per column of
     *                                  {@link ClimateSeries#COLUMNS}, or a column is constant (its deviation 0)
     */
    public static ColumnStatistics of(double[] mean, double[] std, int rows) {
        int columns = ClimateSeries.COLUMNS.size();
        if (mean.length != columns || std.length != columns) {
            throw new IllegalArgumentException("Statistics need one mean and one standard deviation per column ("
                    + columns + "), got " + mean.length + " and " + std.length);
        }
        for (int c = 0; c < columns; c++) {
            if (std[c] == 0) {
                throw new IllegalArgumentException("Column " + ClimateSeries.COLUMNS.get(c) + " is constant over the "
                        + "first " + rows + " rows: it cannot be normalized");
            }
        }
        return new ColumnStatistics(Arrays.copyOf(mean, columns), Arrays.copyOf(std, columns));
    }

    static ColumnStatistics of(float[] values, int columns, int rows) {
        int available = values.length / columns;
        if (rows <= 0) {
            throw new IllegalArgumentException("Statistics need at least one row, got " + rows);
        }
        if (rows > available) {
            throw new IllegalArgumentException("Statistics over the first " + rows + " rows need that many, and the "
                    + "series has only " + available + ": normalize over at most " + available + " rows, or use a "
                    + "longer series");
        }
        double[] mean = new double[columns];
        double[] std = new double[columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                mean[c] += values[r * columns + c];
            }
        }
        for (int c = 0; c < columns; c++) {
            mean[c] /= rows;
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                double d = values[r * columns + c] - mean[c];
                std[c] += d * d;
            }
        }
        for (int c = 0; c < columns; c++) {
            std[c] = Math.sqrt(std[c] / rows);
        }
        return of(mean, std, rows);
    }

    public double mean(int column) {
        return mean[column];
    }

    public double std(int column) {
        return std[column];
    }

    /** {@code (value − mean[column]) / std[column]}, as a float: one normalized value of the series. */
    public float normalize(int column, float value) {
        return (float) ((value - mean[column]) / std[column]);
    }
}
