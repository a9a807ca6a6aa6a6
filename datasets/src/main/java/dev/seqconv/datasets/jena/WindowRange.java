package dev.seqconv.datasets.jena;

import java.io.Serializable;

/**
 * The rows the chapter's Jena generator (listing 6.33) draws its samples from, checked in one place for every
 * sampler ({@link ClimateGenerator}, and the Spark module's {@code ClimateWindows}). A sample ending at target
 * row {@code i} reads rows {@code i − lookback, i − lookback + step, …, i − step} and the target row
 * {@code i + delay}, for {@code i} in {@code [minIndex + lookback, maxIndex)}; an absent {@code maxIndex} means
 * {@code rows − delay − 1}, as the chapter's {@code max_index=None}.
 *
 * @param lookback rows of history per sample, a multiple of {@code step}
 * @param step     keep one row in {@code step}
 * @param delay    rows between a sample's last row and its target
 * @param minIndex the first row a sample may read
 * @param maxIndex the end of the target rows, or {@code null} for {@code rows − delay − 1}
 */
public record WindowRange(int lookback, int step, int delay, int minIndex, Integer maxIndex) implements Serializable {

    /** @throws IllegalArgumentException if a value is out of range or {@code lookback} is not a multiple of step */
    public WindowRange {
        if (lookback <= 0 || step <= 0 || delay < 0 || minIndex < 0) {
            throw new IllegalArgumentException("lookback and step must be > 0, delay and minIndex >= 0; got lookback "
                    + lookback + ", step " + step + ", delay " + delay + ", minIndex " + minIndex);
        }
        if (lookback % step != 0) {
            throw new IllegalArgumentException("lookback " + lookback + " must be a multiple of step " + step
                    + " (each sample holds lookback / step rows)");
        }
    }

    /** The windows of {@code setting} over the whole series. */
    public static WindowRange of(WindowSetting setting) {
        return new WindowRange(setting.lookback(), setting.step(), setting.delay(), 0, null);
    }

    public WindowRange withMinIndex(int minIndex) {
        return new WindowRange(lookback, step, delay, minIndex, maxIndex);
    }

    public WindowRange withMaxIndex(Integer maxIndex) {
        return new WindowRange(lookback, step, delay, minIndex, maxIndex);
    }

    /**
     * The end of the target rows in a series of {@code rows} rows.
     *
     * @throws IllegalArgumentException if targets would run past the series, or the range holds no window, naming
     *                                  the fix
     */
    public long end(long rows) {
        long end = maxIndex != null ? maxIndex : rows - delay - 1;
        if (end + delay > rows) {
            throw new IllegalArgumentException("maxIndex " + end + " plus delay " + delay + " runs past the " + rows
                    + " rows of the series: targets would be missing; use maxIndex <= " + (rows - delay));
        }
        if (minIndex + lookback >= end) {
            if (maxIndex == null) {
                throw new IllegalArgumentException("The series has " + rows + " rows, too few for one window of "
                        + lookback + " rows from row " + minIndex + " with its target " + delay + " rows ahead: it "
                        + "needs at least " + (minIndex + lookback + delay + 2) + " rows");
            }
            throw new IllegalArgumentException("A lookback of " + lookback + " rows does not fit in rows [" + minIndex
                    + ", " + end + "): the first target row would be " + (minIndex + lookback) + "; use a shorter "
                    + "lookback or a wider range");
        }
        return end;
    }
}
