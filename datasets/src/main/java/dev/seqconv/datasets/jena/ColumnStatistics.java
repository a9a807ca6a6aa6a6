package dev.seqconv.datasets.jena;

/**
 * Each column's mean and (population) standard deviation over the first rows of a series — the chapter's
 * {@code float_data[:200000].mean(axis=0)} and {@code .std(axis=0)}.
 */
public final class ColumnStatistics {

    private final double[] mean;
    private final double[] std;

    private ColumnStatistics(double[] mean, double[] std) {
        this.mean = mean;
        this.std = std;
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
            if (std[c] == 0) {
                throw new IllegalArgumentException("Column " + ClimateSeries.COLUMNS.get(c) + " is constant over the "
                        + "first " + rows + " rows: it cannot be normalized");
            }
        }
        return new ColumnStatistics(mean, std);
    }

    public double mean(int column) {
        return mean[column];
    }

    public double std(int column) {
        return std[column];
    }
}
