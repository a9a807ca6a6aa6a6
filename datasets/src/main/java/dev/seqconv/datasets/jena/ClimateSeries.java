package dev.seqconv.datasets.jena;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import java.util.List;

/**
 * A weather series in the layout of the Jena climate record: one row every 10 minutes, the 14 float columns of
 * {@link #COLUMNS} (the timestamp column dropped, as the chapter's {@code float_data}), and where it came from.
 */
public final class ClimateSeries {

    /** The 14 measurement columns, in file order; {@code T (degC)} (index 1) is the chapter's target. */
    public static final List<String> COLUMNS = List.of("p (mbar)", "T (degC)", "Tpot (K)", "Tdew (degC)", "rh (%)",
            "VPmax (mbar)", "VPact (mbar)", "VPdef (mbar)", "sh (g/kg)", "H2OC (mmol/mol)", "rho (g/m**3)",
            "wv (m/s)", "max. wv (m/s)", "wd (deg)");

    /** The index of {@code T (degC)}, the temperature the chapter forecasts. */
    public static final int TEMPERATURE = 1;

    private final float[] values;
    private final int rows;
    private final String firstTimestamp;
    private final String lastTimestamp;
    private final String source;

    ClimateSeries(float[] values, String firstTimestamp, String lastTimestamp, String source) {
        if (values.length % COLUMNS.size() != 0) {
            throw new IllegalArgumentException("values must hold whole rows of " + COLUMNS.size());
        }
        this.values = values;
        this.rows = values.length / COLUMNS.size();
        this.firstTimestamp = firstTimestamp;
        this.lastTimestamp = lastTimestamp;
        this.source = source;
    }

    public int rows() {
        return rows;
    }

    public int features() {
        return COLUMNS.size();
    }

    public float get(int row, int column) {
        return values[row * COLUMNS.size() + column];
    }

    /** The timestamp of the first row, as written in the file ({@code 01.01.2009 00:10:00}). */
    public String firstTimestamp() {
        return firstTimestamp;
    }

    public String lastTimestamp() {
        return lastTimestamp;
    }

    /** Where the values came from: a file of the Jena record, or a named synthetic series. */
    public String source() {
        return source;
    }

    /** The series as a {@code (rows, 14)} array. */
    public NdArray toArray() {
        return NdArray.ofFloats(Shape.of(rows, COLUMNS.size()), values);
    }

    /** The mean and standard deviation of each column over the first {@code rows} rows. */
    public ColumnStatistics statistics(int firstRows) {
        return ColumnStatistics.of(values, COLUMNS.size(), firstRows);
    }

    /** {@code (x − mean) / std} for every column, as the chapter normalizes {@code float_data}. */
    public ClimateSeries normalized(ColumnStatistics statistics) {
        float[] out = new float[values.length];
        int f = COLUMNS.size();
        for (int i = 0; i < values.length; i++) {
            out[i] = statistics.normalize(i % f, values[i]);
        }
        return new ClimateSeries(out, firstTimestamp, lastTimestamp, source + ", normalized");
    }

    /** The row-major values, shared with the generator of this package. */
    float[] values() {
        return values;
    }
}
