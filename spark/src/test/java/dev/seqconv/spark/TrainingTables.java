package dev.seqconv.spark;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.models.JenaNetworks;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Seeded tables for the Spark tests, with the same samples as arrays for the single-process runs. */
final class TrainingTables {

    static final int VOCABULARY = 500;
    static final int LENGTH = 60;
    static final int TIMESTEPS = 30;

    private TrainingTables() {
    }

    /**
     * A table and the same samples as arrays.
     *
     * @param rows     the table's rows: a feature column and a {@code label} column
     * @param features how the feature column reads
     */
    record Table(List<Row> rows, StructType schema, NdArray x, NdArray y, FeatureColumn features) {
        int size() {
            return rows.size();
        }

        /** The rows as a table in several partitions, in order (the sample index is the position in the list). */
        Dataset<Row> frame(SparkSession spark) {
            return spark.createDataFrame(rows, schema);
        }
    }

    /** Reviews as token ids, with a label that the presence of a few ids decides. */
    static Table imdb(int samples) {
        SeededRandom random = new SeededRandom(samples);
        List<Row> rows = new ArrayList<>();
        int[] ids = new int[samples * LENGTH];
        float[] labels = new float[samples];
        for (int s = 0; s < samples; s++) {
            List<Integer> review = new ArrayList<>();
            int length = 10 + random.nextInt(LENGTH + 20);
            for (int i = 0; i < length; i++) {
                review.add(1 + random.nextInt(VOCABULARY - 1));
            }
            labels[s] = review.contains(7) || review.contains(11) ? 1f : 0f;
            int kept = Math.min(length, LENGTH);
            for (int i = 0; i < kept; i++) {
                ids[s * LENGTH + LENGTH - kept + i] = review.get(length - kept + i);
            }
            rows.add(RowFactory.create(review, labels[s]));
        }
        StructType schema = new StructType()
                .add("ids", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
                .add("label", DataTypes.FloatType, false);
        return new Table(rows, schema, NdArray.wrapInts(Shape.of(samples, LENGTH), ids),
                NdArray.wrapFloats(Shape.of(samples, 1), labels), FeatureColumn.tokenIds("ids"));
    }

    /** Windows of 14 features as nested arrays, with a target that the last steps decide. */
    static Table jena(int samples) {
        SeededRandom random = new SeededRandom(samples + 1);
        List<Row> rows = new ArrayList<>();
        int per = TIMESTEPS * JenaNetworks.FEATURES;
        float[] x = new float[samples * per];
        float[] targets = new float[samples];
        for (int s = 0; s < samples; s++) {
            List<List<Double>> window = new ArrayList<>();
            for (int t = 0; t < TIMESTEPS; t++) {
                List<Double> step = new ArrayList<>();
                for (int f = 0; f < JenaNetworks.FEATURES; f++) {
                    double v = random.uniform(-1, 1);
                    step.add(v);
                    x[s * per + t * JenaNetworks.FEATURES + f] = (float) v;
                }
                window.add(step);
            }
            targets[s] = 0.5f * x[s * per + (TIMESTEPS - 1) * JenaNetworks.FEATURES + 1] + 0.1f;
            rows.add(RowFactory.create(window, (double) targets[s]));
        }
        StructType schema = new StructType()
                .add("window", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType)), false)
                .add("label", DataTypes.DoubleType, false);
        return new Table(rows, schema, NdArray.wrapFloats(Shape.of(samples, TIMESTEPS, JenaNetworks.FEATURES), x),
                NdArray.wrapFloats(Shape.of(samples, 1), targets), FeatureColumn.floats("window"));
    }
}
