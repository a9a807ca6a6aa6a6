package dev.seqconv.examples;

import dev.seqconv.api.callbacks.History;
import dev.seqconv.api.callbacks.Logs;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.training.FitConfig;
import dev.seqconv.datasets.jena.ClimateGenerator;
import dev.seqconv.datasets.jena.ClimateSeries;
import dev.seqconv.datasets.jena.ColumnStatistics;
import dev.seqconv.datasets.jena.CommonSenseBaseline;
import dev.seqconv.datasets.jena.SeriesSplits;
import dev.seqconv.datasets.jena.WindowSetting;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The chapter's Jena data: the series normalized by its first 200,000 rows, the training generator (shuffled,
 * 500 steps an epoch), the validation generator ({@code val_steps}) and the test generator ({@code test_steps}),
 * each made for the batch size asked for, as the chapter passes {@code batch_size} to its generators. Errors are
 * also reported in °C: MAE × the temperature's standard deviation.
 */
public final class JenaTrainingData implements TrainingData {

    private static final SeriesSplits SPLITS = SeriesSplits.CHAPTER;

    private final ClimateSeries series;
    private final ColumnStatistics statistics;
    private final ClimateSeries normalized;
    private final WindowSetting setting;
    private final int stepsPerEpoch;
    private final long seed;

    /** @throws dev.seqconv.datasets.DataFileException if the series is too short for the chapter's splits */
    public JenaTrainingData(ClimateSeries raw, WindowSetting setting, int stepsPerEpoch, long seed) {
        SPLITS.requireRows(raw, setting);
        this.series = raw;
        this.statistics = raw.statistics(SPLITS.trainEnd());
        this.normalized = raw.normalized(statistics);
        this.setting = setting;
        this.stepsPerEpoch = stepsPerEpoch;
        this.seed = seed;
    }

    @Override
    public String description() {
        return series.source() + ": " + series.rows() + " rows, " + series.firstTimestamp() + " to "
                + series.lastTimestamp();
    }

    @Override
    public History fit(Sequential model, int batchSize, FitConfig.Builder settings) {
        WindowSetting batches = setting.withBatchSize(batchSize);
        ClimateGenerator train = SPLITS.training(normalized, batches, stepsPerEpoch, seed);
        return model.fit(train, settings.validation(SPLITS.validation(normalized, batches)).build());
    }

    @Override
    public Logs evaluate(Sequential model, int batchSize, int maxSteps) {
        ClimateGenerator test = SPLITS.test(normalized, setting.withBatchSize(batchSize));
        Logs logs = model.evaluate(maxSteps > 0 ? test.limit(maxSteps) : test);
        Map<String, Double> withCelsius = new LinkedHashMap<>(logs.asMap());
        withCelsius.put("mae_celsius", logs.get("loss") * statistics.std(ClimateSeries.TEMPERATURE));
        return new Logs(withCelsius);
    }

    /** The common-sense baseline on the validation range, in the chapter's batches. */
    public CommonSenseBaseline baseline() {
        return CommonSenseBaseline.evaluate(SPLITS.validation(normalized, setting), statistics);
    }

    /** The temperature's standard deviation over the normalization rows, to turn MAE into °C. */
    public double temperatureStd() {
        return statistics.std(ClimateSeries.TEMPERATURE);
    }
}
