package dev.seqconv.examples.spark;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.data.Batch;
import dev.seqconv.api.losses.MeanSquaredError;
import dev.seqconv.api.metrics.MeanAbsoluteErrorMetric;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.api.training.FitConfig;
import dev.seqconv.datasets.jena.ClimateGenerator;
import dev.seqconv.datasets.jena.ClimateSeries;
import dev.seqconv.datasets.jena.ColumnStatistics;
import dev.seqconv.datasets.jena.JenaClimate;
import dev.seqconv.datasets.jena.WindowSetting;
import dev.seqconv.models.JenaNetworks;
import dev.seqconv.spark.FeatureColumn;
import dev.seqconv.spark.LocalSpark;
import dev.seqconv.spark.ModelRecipe;
import dev.seqconv.spark.SparkTraining;
import dev.seqconv.spark.TrainingAssertions;
import dev.seqconv.spark.TrainingAssertions.LossCurve;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chapter's Conv1D+GRU network (with dropout, smaller windows) trained with {@link SparkTraining} on windows
 * cut by {@link ClimateWindows} follows {@code fit} on the generator's arrays of the same rows: 6 steps (2 epochs
 * of 40 windows in batches of 16, 2 shards, nd4j) give the same losses and weights.
 */
class ClimateWindowsTrainingTest {

    /** 30 time steps of 2 rows, the target 6 rows after the window's last row. */
    private static final WindowSetting SETTING = new WindowSetting(60, 2, 6, 16);
    private static final int MAX_INDEX = 100;
    private static final long SHUFFLE = 9;

    @TempDir
    Path dir;

    @Test
    void trainingOnTheWindowsTableFollowsFitOnTheGeneratorsArrays() {
        Path csv = ClimateRecordTables.csv(dir, 200);
        ClimateSeries series = JenaClimate.read(csv);
        ColumnStatistics statistics = series.statistics(120);
        int windows = MAX_INDEX - SETTING.lookback();
        Batch arrays = ClimateGenerator.builder(series.normalized(statistics)).lookback(SETTING.lookback())
                .step(SETTING.step()).delay(SETTING.delay()).maxIndex(MAX_INDEX).batchSize(windows).build().next();
        ModelRecipe recipe = backend -> {
            Sequential model = JenaNetworks.conv1dGru(SETTING.timesteps(), true, 42);
            model.compile(backend, new RMSprop(1e-3f), new MeanSquaredError(), new MeanAbsoluteErrorMetric());
            return model;
        };

        LossCurve expected = new LossCurve();
        List<NdArray> expectedWeights;
        try (Sequential model = recipe.build(Backends.get("nd4j"))) {
            model.fit(arrays.x(), arrays.y().reshape(Shape.of(windows, 1)), FitConfig.builder().epochs(2)
                    .batchSize(SETTING.batchSize()).shuffleSeed(SHUFFLE).callbacks(expected).build());
            expectedWeights = model.getWeights();
        }

        Dataset<Row> table = ClimateWindows.of(SETTING).maxIndex(MAX_INDEX)
                .cut(ClimateRecordTables.inPartitions(LocalSpark.session(), csv, 35, 20, 145), statistics);
        SparkTraining training = SparkTraining.builder(recipe).features(FeatureColumn.floats(ClimateWindows.WINDOW))
                .label(ClimateWindows.TARGET).shards(2).backend("nd4j").build();
        LossCurve actual = new LossCurve();
        try (Sequential model = recipe.build(Backends.get("nd4j"))) {
            training.fit(model, table, FitConfig.builder().epochs(2).batchSize(SETTING.batchSize()).shuffleSeed(SHUFFLE)
                    .callbacks(actual).build());
            TrainingAssertions.assertLossesClose(actual, expected, 6, 1e-5);
            TrainingAssertions.assertWeightsClose(model.getWeights(), expectedWeights, 1e-5f);
        }
    }
}
