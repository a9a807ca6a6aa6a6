package dev.seqconv.datasets.jena;

import dev.seqconv.datasets.DataFileException;
import java.util.Locale;

/**
 * Where the chapter splits the series: training rows {@code [0, trainEnd]}, validation rows
 * {@code [validationStart, validationEnd]}, test rows from {@code testStart} to the end — and the generators
 * over them (listing 6.34).
 *
 * @param trainEnd        the chapter's 200,000
 * @param validationStart 200,001
 * @param validationEnd   300,000
 * @param testStart       300,001
 */
public record SeriesSplits(int trainEnd, int validationStart, int validationEnd, int testStart) {

    /** The chapter's splits of the 420,551-row record; normalization uses the first 200,000 rows. */
    public static final SeriesSplits CHAPTER = new SeriesSplits(200_000, 200_001, 300_000, 300_001);

    /** The chapter's {@code steps_per_epoch} for training. */
    public static final int CHAPTER_TRAINING_STEPS = 500;

    public SeriesSplits {
        if (!(0 < trainEnd && trainEnd < validationStart && validationStart < validationEnd
                && validationEnd < testStart)) {
            throw new IllegalArgumentException("Splits must be in order: " + this);
        }
    }

    /**
     * Splits at the chapter's proportions for a series of {@code rows} rows (for shorter series, e.g. a synthetic
     * one): training up to 47.6 %, validation to 71.3 %, test after.
     */
    public static SeriesSplits proportional(int rows) {
        double scale = rows / (double) JenaClimate.ROWS;
        int trainEnd = (int) (CHAPTER.trainEnd() * scale);
        int validationEnd = (int) (CHAPTER.validationEnd() * scale);
        return new SeriesSplits(trainEnd, trainEnd + 1, validationEnd, validationEnd + 1);
    }

    /**
     * The fewest rows a series needs for these splits with {@code setting}'s windows: all of the training and
     * validation ranges plus, after {@code testStart}, one window and its target, and one batch of test windows by
     * the chapter's {@code test_steps}.
     */
    public int minimumRows(WindowSetting setting) {
        int testWindowStart = testStart + setting.lookback();
        return Math.max(testWindowStart + setting.delay() + 2, testWindowStart + setting.batchSize());
    }

    /**
     * @throws DataFileException if {@code series} is shorter than {@link #minimumRows}, saying how many rows it
     *                           has, how many these splits need, and where the complete record is
     */
    public void requireRows(ClimateSeries series, WindowSetting setting) {
        int needed = minimumRows(setting);
        if (series.rows() < needed) {
            throw new DataFileException(String.format(Locale.ROOT, "%s has %,d rows, too few for these splits "
                    + "(training rows up to %,d, validation rows %,d to %,d, test rows from %,d) with windows of %,d rows "
                    + "and targets %,d rows ahead: they need at least %,d rows. Use the complete Jena record (%,d rows, "
                    + "%s) or a synthetic series of its length", series.source(), series.rows(), trainEnd,
                    validationStart, validationEnd, testStart, setting.lookback(), setting.delay(), needed,
                    JenaClimate.ROWS, JenaClimate.ARCHIVE.uri()));
        }
    }

    /** {@code train_gen}: shuffled rows of the training range, {@code stepsPerEpoch} batches an epoch. */
    public ClimateGenerator training(ClimateSeries normalized, WindowSetting setting, int stepsPerEpoch, long seed) {
        return window(normalized, setting).minIndex(0).maxIndex(trainEnd).shuffle(true).stepsPerEpoch(stepsPerEpoch)
                .seed(seed).build();
    }

    /** {@code val_gen}, with {@code val_steps} batches an epoch. */
    public ClimateGenerator validation(ClimateSeries normalized, WindowSetting setting) {
        return window(normalized, setting).minIndex(validationStart).maxIndex(validationEnd).build();
    }

    /**
     * {@code test_gen}: rows from {@code testStart} to the default end ({@code len − delay − 1}), with the book's
     * {@code test_steps = (len − test_start − lookback) // batch_size} batches.
     */
    public ClimateGenerator test(ClimateSeries normalized, WindowSetting setting) {
        return window(normalized, setting).minIndex(testStart).maxIndex(null)
                .stepsPerEpoch(ClimateGenerator.steps(testStart, normalized.rows(), setting.lookback(),
                        setting.batchSize()))
                .build();
    }

    private static ClimateGenerator.Builder window(ClimateSeries series, WindowSetting setting) {
        return ClimateGenerator.builder(series).lookback(setting.lookback()).step(setting.step())
                .delay(setting.delay()).batchSize(setting.batchSize());
    }
}
