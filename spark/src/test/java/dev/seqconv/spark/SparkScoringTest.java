package dev.seqconv.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.datasets.imdb.Imdb;
import dev.seqconv.datasets.imdb.ImdbOptions;
import dev.seqconv.datasets.imdb.WordIndex;
import dev.seqconv.datasets.text.Sequences;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scoring a table in local Spark gives what {@code predict} gives in one process, on both backends, and bad rows
 * fail the job or get a null and the reason without changing their batch's other predictions.
 */
class SparkScoringTest {

    private static final float TOLERANCE = 1e-6f;
    private static final StructType IDS = new StructType()
            .add("id", DataTypes.IntegerType, false)
            .add("ids", DataTypes.createArrayType(DataTypes.IntegerType), true);
    private static final StructType FLOATS = new StructType()
            .add("id", DataTypes.IntegerType, false)
            .add("series", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType)), true);

    private final SparkSession spark = LocalSpark.session();

    @ParameterizedTest
    @ValueSource(strings = {"nd4j", "tensorflow"})
    void tokenIdsGiveThePredictionsOfOneProcess(String backend) {
        Random random = new Random(1);
        int[][] ids = new int[300][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.ints(5 + random.nextInt(26), 1, ScoringNetworks.VOCABULARY).toArray();
        }
        try (Sequential model = ScoringNetworks.ids(11)) {
            float[] expected = ScoringNetworks.predict(model, backend, Sequences.pad(ids, ScoringNetworks.LENGTH));
            SparkScoring scoring = SparkScoring.builder(ScoringNetworks.archive(model))
                    .features(FeatureColumn.tokenIds("ids")).backend(backend).batchSize(64).build();

            List<Row> scored = byId(scoring.score(idsTable(ids, 3)));

            assertThat(scored).hasSize(ids.length);
            for (int i = 0; i < ids.length; i++) {
                assertThat(scored.get(i).getFloat(2)).as("row %d", i).isCloseTo(expected[i], within(TOLERANCE));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nd4j", "tensorflow"})
    void floatSequencesGiveThePredictionsOfOneProcess(String backend) {
        float[][][] series = series(150, new Random(2));
        try (Sequential model = ScoringNetworks.floats(12)) {
            float[] expected = ScoringNetworks.predict(model, backend, stacked(series));
            SparkScoring scoring = SparkScoring.builder(ScoringNetworks.archive(model))
                    .features(FeatureColumn.floats("series")).outputColumn("forecast").backend(backend)
                    .batchSize(32).build();

            Dataset<Row> table = scoring.score(floatsTable(series, 2));
            List<Row> scored = byId(table);

            assertThat(table.schema().apply("forecast").dataType())
                    .isEqualTo(DataTypes.createArrayType(DataTypes.FloatType, false));
            for (int i = 0; i < series.length; i++) {
                List<Float> outputs = scored.get(i).getList(2);
                assertThat(outputs).as("row %d", i).hasSize(2);
                assertThat(outputs.get(0)).isCloseTo(expected[2 * i], within(TOLERANCE));
                assertThat(outputs.get(1)).isCloseTo(expected[2 * i + 1], within(TOLERANCE));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nd4j", "tensorflow"})
    void rawTextGivesThePredictionsOfEncodedAndPaddedReviews(String backend) {
        Path indexFile = Path.of(System.getProperty("seqconv.data.dir", "../shared/data"), "imdb",
                "imdb_word_index.json.gz");
        assumeTrue(Files.isRegularFile(indexFile), "Skipped: Keras's IMDB word index is not at " + indexFile
                + "; set -Dseqconv.data.dir to the directory holding imdb/imdb_word_index.json.gz");
        WordIndex index = WordIndex.read(indexFile);
        ImdbOptions options = ImdbOptions.numWords(ScoringNetworks.VOCABULARY);
        TextEncoder encoder = review -> Imdb.encode(review, index, options, new long[2]);
        List<String> reviews = List.of("This movie was great, and I loved it!", "The worst film of the year.",
                "It is what it is: a movie with a plot, then a long, long end that goes on and on and on and on "
                        + "and on, as if the film had no end at all", "Zyzzyva qwertyuiop", "", "br br br");
        int[][] encoded = reviews.stream().map(encoder::encode).toArray(int[][]::new);
        try (Sequential model = ScoringNetworks.ids(13)) {
            float[] expected = ScoringNetworks.predict(model, backend, Sequences.pad(encoded, ScoringNetworks.LENGTH));
            SparkScoring scoring = SparkScoring.builder(ScoringNetworks.archive(model))
                    .features(FeatureColumn.text("review", encoder)).backend(backend).batchSize(4).build();
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < reviews.size(); i++) {
                rows.add(RowFactory.create(i, reviews.get(i)));
            }
            StructType schema = new StructType().add("id", DataTypes.IntegerType, false)
                    .add("review", DataTypes.StringType, true);

            List<Row> scored = byId(scoring.score(spark.createDataFrame(rows, schema)));

            for (int i = 0; i < reviews.size(); i++) {
                assertThat(scored.get(i).getFloat(2)).as("review %d", i).isCloseTo(expected[i], within(TOLERANCE));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nd4j", "tensorflow"})
    void aBadRowFailsTheJobNamingTheProblem(String backend) {
        int[][] ids = {{1, 2, 3}, {4, 77, 5}, {6, 7}};
        try (Sequential model = ScoringNetworks.ids(14)) {
            SparkScoring scoring = SparkScoring.builder(ScoringNetworks.archive(model))
                    .features(FeatureColumn.tokenIds("ids")).backend(backend).build();
            Dataset<Row> scored = scoring.score(idsTable(ids, 1));

            assertThatThrownBy(scored::collectAsList)
                    .hasMessageContaining("Cannot score row 1 (counting from 0) of partition 0")
                    .hasMessageContaining("Column 'ids' holds token id 77")
                    .hasMessageContaining("outside the model's Embedding vocabulary [0, 50)")
                    .hasMessageContaining("nullOnBadRows");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nd4j", "tensorflow"})
    void badRowsGetANullAndTheReasonWhileTheRestOfTheirBatchIsScored(String backend) {
        int[][] ids = {{1, 2, 3}, null, {4, 77, 5}, {8, 9, 10, 11}, {-3}, {12, 13}};
        int[][] good = {ids[0], ids[3], ids[5]};
        try (Sequential model = ScoringNetworks.ids(15)) {
            float[] expected = ScoringNetworks.predict(model, backend, Sequences.pad(good, ScoringNetworks.LENGTH));
            SparkScoring scoring = SparkScoring.builder(ScoringNetworks.archive(model))
                    .features(FeatureColumn.tokenIds("ids")).backend(backend).nullOnBadRows("why").build();

            List<Row> scored = byId(scoring.score(idsTable(ids, 1)));

            assertThat(scored.get(0).getFloat(2)).isCloseTo(expected[0], within(TOLERANCE));
            assertThat(scored.get(3).getFloat(2)).isCloseTo(expected[1], within(TOLERANCE));
            assertThat(scored.get(5).getFloat(2)).isCloseTo(expected[2], within(TOLERANCE));
            for (int scoredRow : new int[] {0, 3, 5}) {
                assertThat(scored.get(scoredRow).isNullAt(3)).as("reason of row %d", scoredRow).isTrue();
            }
            assertThat(scored.get(1).isNullAt(2)).isTrue();
            assertThat(scored.get(1).getString(3)).isEqualTo("Column 'ids' is null");
            assertThat(scored.get(2).isNullAt(2)).isTrue();
            assertThat(scored.get(2).getString(3)).contains("token id 77", "vocabulary [0, 50)");
            assertThat(scored.get(4).isNullAt(2)).isTrue();
            assertThat(scored.get(4).getString(3)).contains("token id -3");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nd4j", "tensorflow"})
    void valuesTheModelRefusesAreIsolatedByScoringTheirBatchRowByRow(String backend) {
        float[][][] series = series(5, new Random(3));
        try (Sequential model = ScoringNetworks.floats(16)) {
            float[] expected = ScoringNetworks.predict(model, backend, stacked(series));
            float[][][] withBad = Arrays.copyOf(series, series.length + 2);
            withBad[5] = series(1, new Random(4))[0];
            withBad[5][3][1] = Float.NaN;
            withBad[6] = Arrays.copyOf(series[0], ScoringNetworks.STEPS - 1);
            SparkScoring scoring = SparkScoring.builder(ScoringNetworks.archive(model))
                    .features(FeatureColumn.floats("series")).backend(backend).nullOnBadRows("why").build();

            List<Row> scored = byId(scoring.score(floatsTable(withBad, 1)));

            for (int i = 0; i < series.length; i++) {
                List<Float> outputs = scored.get(i).getList(2);
                assertThat(outputs.get(0)).as("row %d", i).isCloseTo(expected[2 * i], within(TOLERANCE));
                assertThat(outputs.get(1)).as("row %d", i).isCloseTo(expected[2 * i + 1], within(TOLERANCE));
                assertThat(scored.get(i).isNullAt(3)).isTrue();
            }
            assertThat(scored.get(5).isNullAt(2)).isTrue();
            assertThat(scored.get(5).getString(3)).contains("The model refuses the row's value", "NaN");
            assertThat(scored.get(6).isNullAt(2)).isTrue();
            assertThat(scored.get(6).getString(3))
                    .isEqualTo("Column 'series' holds 33 values, but the model's input (12, 3) takes 36");
        }
    }

    private Dataset<Row> idsTable(int[][] ids, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            rows.add(RowFactory.create(i, ids[i] == null ? null : Arrays.stream(ids[i]).boxed().toList()));
        }
        return partitioned(spark.createDataFrame(rows, IDS), partitions);
    }

    private Dataset<Row> floatsTable(float[][][] series, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < series.length; i++) {
            List<List<Float>> steps = new ArrayList<>();
            for (float[] step : series[i]) {
                List<Float> values = new ArrayList<>();
                for (float v : step) {
                    values.add(v);
                }
                steps.add(values);
            }
            rows.add(RowFactory.create(i, steps));
        }
        return partitioned(spark.createDataFrame(rows, FLOATS), partitions);
    }

    /** One partition in the rows' order, else {@code partitions} of them. */
    private static Dataset<Row> partitioned(Dataset<Row> table, int partitions) {
        return partitions == 1 ? table.coalesce(1) : table.repartition(partitions);
    }

    private static float[][][] series(int count, Random random) {
        float[][][] series = new float[count][ScoringNetworks.STEPS][ScoringNetworks.FEATURES];
        for (float[][] sample : series) {
            for (float[] step : sample) {
                for (int f = 0; f < step.length; f++) {
                    step[f] = (float) random.nextGaussian();
                }
            }
        }
        return series;
    }

    private static NdArray stacked(float[][][] series) {
        int per = ScoringNetworks.STEPS * ScoringNetworks.FEATURES;
        float[] values = new float[series.length * per];
        for (int i = 0; i < series.length; i++) {
            for (int t = 0; t < ScoringNetworks.STEPS; t++) {
                System.arraycopy(series[i][t], 0, values, i * per + t * ScoringNetworks.FEATURES,
                        ScoringNetworks.FEATURES);
            }
        }
        return NdArray.wrapFloats(Shape.of(series.length, ScoringNetworks.STEPS, ScoringNetworks.FEATURES), values);
    }

    private static List<Row> byId(Dataset<Row> scored) {
        List<Row> rows = new ArrayList<>(scored.collectAsList());
        rows.sort(Comparator.comparingInt(row -> row.getInt(0)));
        return rows;
    }
}
