package dev.seqconv.examples.spark;

import dev.seqconv.datasets.jena.ClimateSeries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The 14 measurement columns of a table of Jena climate records ({@link ClimateSeries#COLUMNS}, by the CSV's
 * header names), and one record's values: numbers, or numeric text as {@code spark.read().csv} leaves it, read as
 * {@code Float.parseFloat} reads the file's cells.
 */
final class ClimateRecords {

    private ClimateRecords() {
    }

    /**
     * The table's measurement columns, in {@link ClimateSeries#COLUMNS} order, as rows in the table's order.
     *
     * @throws IllegalArgumentException naming the missing columns, the table's columns and how to read the CSV
     */
    static JavaRDD<Row> columns(Dataset<Row> records) {
        List<String> present = Arrays.asList(records.columns());
        List<String> missing = new ArrayList<>(ClimateSeries.COLUMNS);
        missing.removeAll(present);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("The records table has no column " + missing + "; its columns are "
                    + present + ". A Jena table needs the CSV's 14 measurement columns under their header names: read "
                    + "the file with spark.read().option(\"header\", true).csv(path)");
        }
        Column[] columns = ClimateSeries.COLUMNS.stream().map(name -> functions.col("`" + name + "`"))
                .toArray(Column[]::new);
        return records.select(columns).javaRDD();
    }

    /**
     * Writes the 14 values of {@code row}, the series' row {@code index}, to {@code out} from {@code offset}.
     *
     * @throws IllegalArgumentException naming the row, the column and the value if it is not a finite number
     */
    static void read(Row row, long index, float[] out, int offset) {
        for (int c = 0; c < ClimateSeries.COLUMNS.size(); c++) {
            out[offset + c] = number(row.get(c), index, c);
        }
    }

    private static float number(Object value, long index, int column) {
        float number = Float.NaN;
        if (value instanceof Number) {
            number = ((Number) value).floatValue();
        } else if (value instanceof String) {
            try {
                number = Float.parseFloat((String) value);
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        if (!Float.isFinite(number)) {
            throw new IllegalArgumentException("Row " + index + " (counting from 0 in the table's order), column '"
                    + ClimateSeries.COLUMNS.get(column) + "': " + (value == null ? "null" : "'" + value + "'")
                    + " is not a finite number; fix or remove that row");
        }
        return number;
    }
}
