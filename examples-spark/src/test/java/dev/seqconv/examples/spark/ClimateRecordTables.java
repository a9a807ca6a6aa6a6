package dev.seqconv.examples.spark;

import dev.seqconv.datasets.jena.JenaClimate;
import dev.seqconv.datasets.jena.SyntheticWeather;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Fixture files in the exact format of {@code jena_climate_2009_2016.csv} (a synthetic series written by
 * {@code SyntheticWeather.writeCsv}), and their records as Spark tables of text cells, as
 * {@code spark.read().csv} gives them, in partitions of chosen sizes.
 */
final class ClimateRecordTables {

    private ClimateRecordTables() {
    }

    /** A fixture CSV of {@code rows} rows in {@code dir}. */
    static Path csv(Path dir, int rows) {
        Path file = dir.resolve("jena-" + rows + ".csv");
        SyntheticWeather.writeCsv(SyntheticWeather.generate(rows, 5), file);
        return file;
    }

    /** The file's header names: {@code Date Time} and the 14 measurement columns. */
    static StructType textSchema() {
        StructType schema = new StructType();
        for (String name : JenaClimate.HEADER.split(",")) {
            schema = schema.add(name.replace("\"", ""), DataTypes.StringType, true);
        }
        return schema;
    }

    /**
     * The records of {@code csv} as a table of text cells in partitions of {@code sizes} rows, in order (a size of
     * 0 is an empty partition); the sizes must add up to the file's rows.
     */
    static Dataset<Row> inPartitions(SparkSession spark, Path csv, int... sizes) {
        return inPartitions(spark, records(csv), sizes);
    }

    /** These records (rows of 15 text cells) as a table in partitions of {@code sizes} rows, in order. */
    static Dataset<Row> inPartitions(SparkSession spark, List<Row> rows, int... sizes) {
        if (Arrays.stream(sizes).sum() != rows.size()) {
            throw new IllegalArgumentException("Partition sizes " + Arrays.toString(sizes) + " do not add up to the "
                    + rows.size() + " rows");
        }
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<Row> table = context.emptyRDD();
        int from = 0;
        for (int size : sizes) {
            table = table.union(context.parallelize(rows.subList(from, from + size), 1));
            from += size;
        }
        return spark.createDataFrame(table, textSchema());
    }

    /** The data lines of {@code csv}, one row of 15 text cells each. */
    static List<Row> records(Path csv) {
        try {
            List<String> lines = Files.readAllLines(csv);
            List<Row> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                rows.add(RowFactory.create((Object[]) line.split(",", -1)));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
