package dev.seqconv.examples;

import dev.seqconv.api.callbacks.History;
import dev.seqconv.api.callbacks.Logs;
import dev.seqconv.api.model.FitConfig;
import dev.seqconv.api.model.Sequential;
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
 * 500 steps an epoch), the validation generator ({@code val_steps}) and the test generator ({@code test_steps}).
 * Errors are also reported in °C: MAE × the temperature's standard deviation.
 */
public final class JenaTrainingData implements TrainingData {

    private final ClimateSeries series;
    private final ColumnStatistics statistics;
    private final ClimateGenerator train;
    private final ClimateGenerator validation;
    private final ClimateGenerator test;

    public JenaTrainingData(ClimateSeries raw, WindowSetting setting, int stepsPerEpoch, long seed) {
        SeriesSplits splits = SeriesSplits.CHAPTER;
        this.series = raw;
        this.statistics = raw.statistics(splits.trainEnd());
        ClimateSeries normalized = raw.normalized(statistics);
        this.train = splits.training(normalized, setting, stepsPerEpoch, seed);
        this.validation = splits.validation(normalized, setting);
        this.test = splits.test(normalized, setting);
    }

    @Override
    public String description() {
        return series.source() + ": " + series.rows() + " rows, " + series.firstTimestamp() + " to "
                + series.lastTimestamp();
    }

    @Override
    public History fit(Sequential model, FitConfig.Builder settings) {
        return model.fit(train, settings.validation(validation).build());
    }

    @Override
    public Logs evaluate(Sequential model, int batchSize, int maxSteps) {
        Logs logs = model.evaluate(maxSteps > 0 ? test.limit(maxSteps) : test);
        Map<String, Double> withCelsius = new LinkedHashMap<>(logs.asMap());
        withCelsius.put("mae_celsius", logs.get("loss") * statistics.std(ClimateSeries.TEMPERATURE));
        return new Logs(withCelsius);
    }

    /** The common-sense baseline on the validation range. */
    public CommonSenseBaseline baseline() {
        return CommonSenseBaseline.evaluate(validation, statistics);
    }

    /** The temperature's standard deviation over the normalization rows, to turn MAE into °C. */
    public double temperatureStd() {
        return statistics.std(ClimateSeries.TEMPERATURE);
    }
}
