package dev.seqconv.spark;

import dev.seqconv.api.checks.Checks;
import dev.seqconv.api.inference.Predictor;
import dev.seqconv.api.keras.KerasFileException;
import dev.seqconv.api.model.Sequential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Batch scoring of a Spark table with a saved model: appends a prediction column computed on the executors.
 *
 * <pre>{@code
 * SparkScoring scoring = SparkScoring.builder(Path.of("imdb.keras"))
 *         .features(FeatureColumn.text("review", tokenizer::encode))   // or tokenIds / floats
 *         .outputColumn("score")               // default "prediction"
 *         .backend("nd4j")                     // default: the executors' default backend
 *         .batchSize(256)                      // rows per engine call, default 256
 *         .nullOnBadRows("score_error")        // default: a row that cannot be scored fails the job
 *         .build();
 * Dataset<Row> scored = scoring.score(spark.table("reviews"));
 * }</pre>
 *
 * <p>The prediction column is a {@code float} for a model with one output value per sample, else an
 * {@code array<float>} of the sample's outputs in row-major order. Each row is predicted as
 * {@link Sequential#predict} predicts it in one process.
 *
 * <p><b>The model on the executors.</b> {@link #score} broadcasts the {@code .keras} archive's bytes. Each
 * executor JVM loads the model once per archive content (by its SHA-256) and backend, on the first task that
 * needs it, as a thread-safe {@link Predictor} that all its tasks share; later tasks and
 * later jobs in that JVM reuse it. A JVM keeps at most four such models: loading a fifth frees the least recently
 * used one once no task is using it. Otherwise they stay until the JVM exits; {@link #releaseModels()} frees them
 * sooner.
 *
 * <p><b>Batches and bad rows.</b> Each task scores its partition in batches of {@code batchSize} rows. A row that
 * cannot be scored (a null value, the wrong type or number of values, token ids outside the model's
 * vocabulary, values the model refuses such as NaN) is isolated: the other rows of its batch are scored as if it
 * were absent. By default it then fails the job with an error that names the row, its partition and the problem;
 * with {@link Builder#nullOnBadRows} it gets a null prediction and the problem in a reason column, which is null
 * for the rows that were scored.
 *
 * <p>The backend must be on the executors' classpath (e.g. {@code spark-submit --jars} with
 * {@code seqconv-backend-nd4j} or {@code seqconv-backend-tensorflow}); a task whose JVM lacks it fails with a
 * {@link SparkBackendException} that names the executor and host.
 */
public final class SparkScoring {

    private final byte[] archive;
    private final String archiveHash;
    private final FeatureColumn features;
    private final String outputColumn;
    private final String backend;
    private final int batchSize;
    private final String reasonColumn;
    private final int outputSize;

    private SparkScoring(Builder builder, int outputSize) {
        this.archive = builder.archive;
        this.archiveHash = KerasBytes.sha256(builder.archive);
        this.features = builder.features;
        this.outputColumn = builder.outputColumn;
        this.backend = builder.backend;
        this.batchSize = builder.batchSize;
        this.reasonColumn = builder.reasonColumn;
        this.outputSize = outputSize;
    }

    /** Scoring with the model in a {@code .keras} archive's bytes (as {@code KerasModels.save} writes them). */
    public static Builder builder(byte[] kerasArchive) {
        return new Builder(Objects.requireNonNull(kerasArchive, "kerasArchive").clone());
    }

    /**
     * Scoring with the model in a {@code .keras} file, read here on the driver (the executors need no access to it).
     *
     * @throws UncheckedIOException if the file cannot be read
     */
    public static Builder builder(Path kerasFile) {
        try {
            return new Builder(Files.readAllBytes(kerasFile));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the model file " + kerasFile + " (" + e + "); give the path of "
                    + "a .keras archive readable by the driver", e);
        }
    }

    /**
     * Releases the scoring models cached in this JVM: each is closed now, or as soon as the tasks using it end.
     * In local mode the driver's JVM is the executors'; on a cluster call it on each executor (e.g. from
     * {@code foreachPartition}) to free their engines' memory before their JVMs exit.
     *
     * @return the number of models released
     */
    public static int releaseModels() {
        return ExecutorModels.releaseAll();
    }

    /**
     * {@code table} with the prediction column appended (and the reason column, with
     * {@link Builder#nullOnBadRows}); lazy, as Spark transformations are: scoring runs when the result is used.
     * Each call broadcasts the model's archive once; Spark drops the broadcast when the result is no longer
     * referenced.
     *
     * @throws IllegalArgumentException if {@code table} lacks the feature column or already has a column of the
     *                                  name the scoring would add
     */
    public Dataset<Row> score(Dataset<Row> table) {
        StructType schema = table.schema();
        List<String> columns = Arrays.asList(schema.fieldNames());
        if (!columns.contains(features.name())) {
            throw new IllegalArgumentException("The table has no column '" + features.name() + "' to score; its "
                    + "columns are " + columns + ". Name the model's input column in FeatureColumn");
        }
        requireNew(outputColumn, "outputColumn", columns);
        DataType predictionType = outputSize == 1 ? DataTypes.FloatType
                : DataTypes.createArrayType(DataTypes.FloatType, false);
        StructType scored = schema.add(outputColumn, predictionType, reasonColumn != null);
        if (reasonColumn != null) {
            requireNew(reasonColumn, "nullOnBadRows", columns);
            scored = scored.add(reasonColumn, DataTypes.StringType, true);
        }
        Broadcast<byte[]> shared = JavaSparkContext.fromSparkContext(table.sparkSession().sparkContext())
                .broadcast(archive);
        ScoringPlan plan = new ScoringPlan(shared, archiveHash, backend, features, batchSize, outputSize,
                reasonColumn != null);
        return table.mapPartitions(plan, Encoders.row(scored));
    }

    private static void requireNew(String column, String setting, List<String> columns) {
        if (columns.contains(column)) {
            throw new IllegalArgumentException("The table already has a column '" + column + "'; choose another "
                    + "name with SparkScoring.Builder." + setting + "(...) or drop that column first");
        }
    }

    /** Builds a {@link SparkScoring}; only {@link #features} is required. */
    public static final class Builder {
        private final byte[] archive;
        private FeatureColumn features;
        private String outputColumn = "prediction";
        private String backend;
        private int batchSize = 256;
        private String reasonColumn;

        private Builder(byte[] archive) {
            this.archive = archive;
        }

        /** The column holding the model's input, and how a row's value becomes a sample. */
        public Builder features(FeatureColumn features) {
            this.features = Objects.requireNonNull(features, "features");
            return this;
        }

        /** The name of the prediction column (default {@code prediction}). */
        public Builder outputColumn(String name) {
            this.outputColumn = requireName(name, "outputColumn");
            return this;
        }

        /**
         * The backend to score on, by name ({@code nd4j}, {@code tensorflow}); null (the default): the one
         * {@code Backends.select()} picks on each executor.
         */
        public Builder backend(String name) {
            this.backend = name;
            return this;
        }

        /** Rows per engine call (default 256). */
        public Builder batchSize(int batchSize) {
            this.batchSize = Checks.positive("batchSize", batchSize);
            return this;
        }

        /**
         * Rows that cannot be scored get a null prediction and the problem in {@code reasonColumn} (null for the
         * rows that were scored), instead of failing the job.
         */
        public Builder nullOnBadRows(String reasonColumn) {
            this.reasonColumn = requireName(reasonColumn, "nullOnBadRows");
            return this;
        }

        /** A row that cannot be scored fails the job, naming the row and the problem (the default). */
        public Builder failOnBadRows() {
            this.reasonColumn = null;
            return this;
        }

        /**
         * Reads the model here on the driver, to check it and to learn its output size.
         *
         * @throws IllegalStateException    if no feature column was given
         * @throws IllegalArgumentException if the prediction and reason columns have one name
         * @throws KerasFileException       if the bytes are not a model seqconv can run
         */
        public SparkScoring build() {
            if (features == null) {
                throw new IllegalStateException("Say which column holds the model's input: .features(FeatureColumn"
                        + ".tokenIds(\"ids\")), FeatureColumn.floats(...) or FeatureColumn.text(...)");
            }
            if (outputColumn.equals(reasonColumn)) {
                throw new IllegalArgumentException("The prediction and reason columns are both named '" + outputColumn
                        + "'; give nullOnBadRows another name");
            }
            try (Sequential model = KerasBytes.load(archive)) {
                return new SparkScoring(this, Math.toIntExact(model.outputShape().dropFirst().size()));
            }
        }

        private static String requireName(String name, String setting) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException(setting + " needs a column name, got "
                        + (name == null ? "null" : "'" + name + "'"));
            }
            return name;
        }
    }
}
