package dev.seqconv.datasets.jena;

/**
 * How the chapter cuts the series into samples: {@code lookback} rows back, one row in {@code step}, the
 * target {@code delay} rows (24 hours) ahead, in batches of {@code batchSize}.
 *
 * @param lookback  rows of history per sample
 * @param step      keep one row in {@code step} (6 = hourly)
 * @param delay     rows between the last observation and the target
 * @param batchSize samples per batch
 */
public record WindowSetting(int lookback, int step, int delay, int batchSize) {

    /** Section 6.3: 10 days of history, hourly (240 steps). */
    public static final WindowSetting SECTION_6_3 = new WindowSetting(1440, 6, 144, 128);

    /** Section 6.4 (Conv1D + GRU): 5 days of history, every 30 minutes (240 steps). */
    public static final WindowSetting SECTION_6_4 = new WindowSetting(720, 3, 144, 128);

    /** These windows in batches of {@code samples}, as the chapter's generators take {@code batch_size}. */
    public WindowSetting withBatchSize(int samples) {
        return new WindowSetting(lookback, step, delay, samples);
    }

    /** The time steps of one sample: {@code lookback / step}. */
    public int timesteps() {
        return lookback / step;
    }
}
