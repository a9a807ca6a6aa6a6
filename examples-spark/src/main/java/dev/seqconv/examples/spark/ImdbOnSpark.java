package dev.seqconv.examples.spark;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.callbacks.Callback;
import dev.seqconv.api.callbacks.History;
import dev.seqconv.api.callbacks.Logs;
import dev.seqconv.api.callbacks.TrainingRun;
import dev.seqconv.api.losses.BinaryCrossentropy;
import dev.seqconv.api.metrics.BinaryAccuracy;
import dev.seqconv.api.training.FitConfig;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.datasets.imdb.Imdb;
import dev.seqconv.datasets.imdb.ImdbOptions;
import dev.seqconv.datasets.imdb.WordIndex;
import dev.seqconv.models.ImdbNetworks;
import dev.seqconv.spark.FeatureColumn;
import dev.seqconv.spark.ModelRecipe;
import dev.seqconv.spark.SparkScoring;
import dev.seqconv.spark.SparkTraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The chapter's IMDB network (listing 6.45) trained on Spark from the raw reviews as a table, then the test
 * reviews scored as a table: the reviews are read, tokenized with Keras's tokenizer and encoded on the executors,
 * each global batch of 128 is split over {@code --shards} tasks, and the test accuracy comes from a Spark
 * aggregation over the scored table.
 *
 * <pre>
 * ./seqconv-spark --data-dir ../shared/data/imdb --epochs 2 --shards 2 --master 'local[2]'
 * spark-submit --master spark://HOST:7077 --class dev.seqconv.examples.spark.ImdbOnSpark \
 *     --jars "$(cat examples-spark/target/submit-jars.txt)" examples-spark/target/seqconv-examples-spark.jar \
 *     --data-dir /shared/imdb
 * </pre>
 *
 * The data folder holds {@code train.tsv.gz} and {@code test.tsv.gz} (label, file id, text; tab-separated) and
 * Keras's {@code imdb_word_index.json.gz}; on a cluster every executor must reach it (a shared file system, HDFS
 * or an object store path Spark reads).
 */
@Command(name = "seqconv-spark", mixinStandardHelpOptions = true,
        description = "Trains the chapter's IMDB network on Spark from the raw reviews and scores the test reviews.")
public final class ImdbOnSpark implements Callable<Integer> {

    @Option(names = "--data-dir", required = true,
            description = "Folder with train.tsv.gz, test.tsv.gz and imdb_word_index.json.gz")
    private String dataDir;

    @Option(names = "--master", description = "Spark master when not run by spark-submit (default: ${DEFAULT-VALUE})",
            defaultValue = "local[2]")
    private String master;

    @Option(names = "--epochs", defaultValue = "2", description = "Epochs (default: ${DEFAULT-VALUE})")
    private int epochs;

    @Option(names = "--shards", defaultValue = "2", description = "Tasks per global batch (default: ${DEFAULT-VALUE})")
    private int shards;

    @Option(names = "--batch-size", defaultValue = "128", description = "Global batch (default: ${DEFAULT-VALUE})")
    private int batchSize;

    @Option(names = "--backend", description = "nd4j or tensorflow, on the driver and the executors (default: the "
            + "one Backends.select() picks)")
    private String backend;

    @Option(names = "--save", defaultValue = "imdb-spark.keras",
            description = "Where the driver saves the trained model (default: ${DEFAULT-VALUE})")
    private Path save;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ImdbOnSpark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        WordIndex index = WordIndex.read(Path.of(dataDir, "imdb_word_index.json.gz"));
        ImdbOptions options = ImdbOptions.numWords(ImdbNetworks.MAX_FEATURES);
        // Keras's tokenizer, then the ids imdb.load_data gives (start mark, rank + indexFrom, out-of-vocabulary id)
        FeatureColumn text = FeatureColumn.text("text", review -> Imdb.encode(review, index, options, new long[2]));
        ModelRecipe recipe = engine -> {
            Sequential model = ImdbNetworks.conv1dSigmoid(ImdbNetworks.MAX_FEATURES, ImdbNetworks.MAX_LEN, 42);
            model.compile(engine, new RMSprop(1e-4f), new BinaryCrossentropy(), new BinaryAccuracy());
            return model;
        };
        SparkSession spark = SparkSession.builder().appName("seqconv IMDB on Spark").master(master).getOrCreate();
        try (Sequential model = recipe.build(backend == null ? Backends.select() : Backends.get(backend))) {
            SparkTraining training = SparkTraining.builder(recipe).features(text).label("label")
                    .shards(shards).backend(backend).build();
            long start = System.nanoTime();
            History history = training.fit(model, reviews(spark, "train.tsv.gz"),
                    FitConfig.builder().epochs(epochs).batchSize(batchSize).shuffleSeed(42L).callbacks(new Progress())
                            .build());
            System.out.printf(Locale.ROOT, "Trained %d epochs on %s with %d shards in %.0f s: %s%n", history.epochs(),
                    model.backend().id(), shards, (System.nanoTime() - start) / 1e9, history.asMap());
            Files.deleteIfExists(save);
            model.save(save);
        }
        Dataset<Row> scored = SparkScoring.builder(save).features(text).backend(backend).build()
                .score(reviews(spark, "test.tsv.gz"));
        double accuracy = scored.agg(avg(when(col("prediction").gt(0.5).equalTo(col("label").equalTo(1)), 1.0)
                .otherwise(0.0))).first().getDouble(0);
        System.out.printf(Locale.ROOT, "Test accuracy over %d reviews scored on Spark: %.4f (model saved to %s)%n",
                scored.count(), accuracy, save);
        spark.stop();
        return 0;
    }

    /** A split's reviews as a table (label, file_id, text), read by the executors. */
    private Dataset<Row> reviews(SparkSession spark, String file) {
        StructType schema = new StructType().add("label", DataTypes.IntegerType).add("file_id", DataTypes.StringType)
                .add("text", DataTypes.StringType);
        return spark.read().schema(schema).option("sep", "\t").option("quote", "\u0000").option("mode", "FAILFAST")
                .csv(Path.of(dataDir, file).toString());
    }

    /** One line per 20 steps and per epoch. */
    private static final class Progress implements Callback {
        private int epoch;
        private int steps;

        @Override
        public void onTrainBegin(TrainingRun run) {
            steps = run.stepsPerEpoch();
        }

        @Override
        public void onEpochBegin(int epoch) {
            this.epoch = epoch;
        }

        @Override
        public void onTrainBatchEnd(int batch, Logs logs) {
            if ((batch + 1) % 20 == 0) {
                System.out.printf(Locale.ROOT, "epoch %d, step %d/%d: %s%n", epoch + 1, batch + 1, steps, logs);
            }
        }

        @Override
        public void onEpochEnd(int epoch, Logs logs) {
            System.out.printf(Locale.ROOT, "epoch %d: %s%n", epoch + 1, logs);
        }
    }
}
