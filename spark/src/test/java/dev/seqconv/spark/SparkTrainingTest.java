package dev.seqconv.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.callbacks.Logs;
import dev.seqconv.api.losses.BinaryCrossentropy;
import dev.seqconv.api.losses.MeanSquaredError;
import dev.seqconv.api.metrics.BinaryAccuracy;
import dev.seqconv.api.metrics.MeanAbsoluteErrorMetric;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.api.training.FitConfig;
import dev.seqconv.models.ImdbNetworks;
import dev.seqconv.models.JenaNetworks;
import dev.seqconv.spark.TrainingAssertions.LossCurve;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Data-parallel training on Spark ({@code local[2]}, {@link GradientExchange#DRIVER_GATHER}) against {@code fit} in one process, on both backends, with
 * 1, 2 and 4 shards: the chapter's IMDB network and its Jena Conv1D+GRU network with dropout (smaller inputs, the
 * same layers). One step gives the single-process weights within 1e-5; 50 steps give its loss curve within 1e-3.
 */
class SparkTrainingTest {

    private static final int BATCH = 16;
    private static final long SHUFFLE = 9;

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.session();
    }

    static Stream<Arguments> backendsAndShards() {
        List<Arguments> cases = new ArrayList<>();
        for (String backend : List.of("nd4j", "tensorflow")) {
            for (int shards : new int[] {1, 2, 4}) {
                cases.add(Arguments.of(backend, shards));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "IMDB network, {0}, {1} shards")
    @MethodSource("backendsAndShards")
    void oneImdbStepGivesTheWeightsOfOneProcess(String backend, int shards) {
        assertOneStepMatches(TrainingTables.imdb(BATCH), imdbRecipe(), backend, shards);
    }

    @ParameterizedTest(name = "Jena Conv1D+GRU network, {0}, {1} shards")
    @MethodSource("backendsAndShards")
    void oneJenaStepGivesTheWeightsOfOneProcess(String backend, int shards) {
        assertOneStepMatches(TrainingTables.jena(BATCH), jenaRecipe(), backend, shards);
    }

    static Stream<Arguments> ordersWithoutASeed() {
        return Stream.of(Arguments.of("the model's seed", FitConfig.builder().batchSize(BATCH).build()),
                Arguments.of("the table's order", FitConfig.builder().batchSize(BATCH).shuffle(false).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ordersWithoutASeed")
    void anEpochWithoutAShuffleSeedVisitsTheRowsAsOneProcess(String order, FitConfig config) {
        TrainingTables.Table table = TrainingTables.jena(3 * BATCH + 5);
        List<NdArray> expected;
        try (Sequential model = jenaRecipe().build(Backends.get("nd4j"))) {
            model.fit(table.x(), table.y(), config);
            expected = model.getWeights();
        }
        try (Sequential model = jenaRecipe().build(Backends.get("nd4j"))) {
            training(jenaRecipe(), table, "nd4j", 2).fit(model, table.frame(spark), config);
            TrainingAssertions.assertWeightsClose(model.getWeights(), expected, 1e-5f);
        }
    }

    @ParameterizedTest(name = "IMDB network, {0}, {1} shards")
    @MethodSource("backendsAndShards")
    void fiftyImdbStepsFollowTheLossCurveOfOneProcess(String backend, int shards) {
        assertFiftyStepsMatch(TrainingTables.imdb(10 * BATCH), imdbRecipe(), backend, shards);
    }

    @ParameterizedTest(name = "Jena Conv1D+GRU network, {0}, {1} shards")
    @MethodSource("backendsAndShards")
    void fiftyJenaStepsFollowTheLossCurveOfOneProcess(String backend, int shards) {
        assertFiftyStepsMatch(TrainingTables.jena(9 * BATCH + 3), jenaRecipe(), backend, shards);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nd4j", "tensorflow"})
    void evaluatingATableGivesTheFiguresOfOneProcess(String backend) {
        for (TrainingTables.Table table : List.of(TrainingTables.imdb(5 * BATCH + 7), TrainingTables.jena(3 * BATCH + 5))) {
            ModelRecipe recipe = table.features().name().equals("ids") ? imdbRecipe() : jenaRecipe();
            try (Sequential model = recipe.build(Backends.get(backend))) {
                Logs expected = model.evaluate(table.x(), table.y(), BATCH);
                Logs actual = training(recipe, table, backend, 2).evaluate(model, table.frame(spark), BATCH);
                assertThat(actual.asMap().keySet()).isEqualTo(expected.asMap().keySet());
                expected.asMap().forEach((key, value) ->
                        assertThat(actual.get(key)).as(key).isCloseTo(value, within(1e-5)));
            }
        }
    }

    static ModelRecipe imdbRecipe() {
        return b -> {
            Sequential model = ImdbNetworks.conv1dSigmoid(TrainingTables.VOCABULARY, TrainingTables.LENGTH, 42);
            model.compile(b, new RMSprop(1e-3f), new BinaryCrossentropy(), new BinaryAccuracy());
            return model;
        };
    }

    static ModelRecipe jenaRecipe() {
        return b -> {
            Sequential model = JenaNetworks.conv1dGru(TrainingTables.TIMESTEPS, true, 42);
            model.compile(b, new RMSprop(1e-3f), new MeanSquaredError(), new MeanAbsoluteErrorMetric());
            return model;
        };
    }

    private static void assertOneStepMatches(TrainingTables.Table table, ModelRecipe recipe, String backend,
                                             int shards) {
        List<NdArray> expected;
        FitConfig config = fitConfig().build();
        try (Sequential model = recipe.build(Backends.get(backend))) {
            model.fit(table.x(), table.y(), config);
            expected = model.getWeights();
        }
        try (Sequential model = recipe.build(Backends.get(backend))) {
            training(recipe, table, backend, shards).fit(model, table.frame(spark), config);
            TrainingAssertions.assertWeightsClose(model.getWeights(), expected, 1e-5f);
        }
    }

    private static void assertFiftyStepsMatch(TrainingTables.Table table, ModelRecipe recipe, String backend,
                                              int shards) {
        LossCurve expected = new LossCurve();
        int epochs = 50 / ((table.size() - 1) / BATCH + 1);
        try (Sequential model = recipe.build(Backends.get(backend))) {
            model.fit(table.x(), table.y(), fitConfig().epochs(epochs).callbacks(expected).build());
        }
        LossCurve actual = new LossCurve();
        try (Sequential model = recipe.build(Backends.get(backend))) {
            training(recipe, table, backend, shards).fit(model, table.frame(spark),
                    fitConfig().epochs(epochs).callbacks(actual).build());
        }
        TrainingAssertions.assertLossesClose(actual, expected, 50, 1e-3);
    }

    static SparkTraining training(ModelRecipe recipe, TrainingTables.Table table, String backend, int shards) {
        return SparkTraining.builder(recipe).features(table.features()).label("label").shards(shards)
                .backend(backend).exchange(GradientExchange.DRIVER_GATHER).build();
    }

    /** The batches and shuffle of both runs, in one process and on Spark. */
    private static FitConfig.Builder fitConfig() {
        return FitConfig.builder().batchSize(BATCH).shuffleSeed(SHUFFLE);
    }
}
