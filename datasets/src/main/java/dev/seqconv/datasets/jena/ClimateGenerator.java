package dev.seqconv.datasets.jena;

import dev.seqconv.api.checks.Checks;
import dev.seqconv.api.data.Batch;
import dev.seqconv.api.data.BatchSource;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.random.SeededRandom;
import java.util.Iterator;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The chapter's {@code generator(data, lookback, delay, min_index, max_index, shuffle, batch_size, step)}
 * (Deep Learning with Python, listing 6.33), as a {@link BatchSource} whose epochs continue one endless
 * generator, as Keras's {@code fit_generator} does: sequential epochs pick up where the last one stopped. Epoch
 * {@code e}'s batches depend only on the seed and {@code e} (its shuffled rows come from a generator forked for
 * {@code e}), so a run resumed at epoch {@code e} sees what an uninterrupted one would. For each target row
 * {@code r}:
 * <pre>
 * samples[j] = data[r − lookback], data[r − lookback + step], …   (lookback / step rows, all 14 columns)
 * targets[j] = data[r + delay][T (degC)]
 * </pre>
 * Rows {@code r} are drawn uniformly from {@code [min_index + lookback, max_index)} when shuffling; otherwise
 * they run in order from {@code min_index + lookback}, starting over when {@code i + batch_size >= max_index}.
 * An absent {@code max_index} means {@code len(data) − delay − 1}.
 */
public final class ClimateGenerator implements BatchSource {

    private final ClimateSeries data;
    private final int lookback;
    private final int delay;
    private final int minIndex;
    private final int maxIndex;
    private final boolean shuffle;
    private final int batchSize;
    private final int step;
    private final int stepsPerEpoch;
    private final long seed;
    private final SeededRandom stream;
    private final int[] streamPosition;

    private ClimateGenerator(Builder b) {
        Checks.positive("batchSize", b.batchSize);
        WindowRange range = new WindowRange(b.lookback, b.step, b.delay, b.minIndex, b.maxIndex);
        this.data = b.data;
        this.lookback = b.lookback;
        this.delay = b.delay;
        this.minIndex = b.minIndex;
        this.maxIndex = Math.toIntExact(range.end(data.rows()));
        this.shuffle = b.shuffle;
        this.batchSize = b.batchSize;
        this.step = b.step;
        this.seed = b.seed;
        this.stream = new SeededRandom(b.seed);
        this.streamPosition = new int[] {minIndex + lookback};
        int windows = maxIndex - minIndex - lookback;
        long batchValues = (long) (shuffle ? batchSize : Math.min(batchSize, windows)) * (lookback / step)
                * data.features();
        if (batchValues > NdArray.MAX_VALUES) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "A batch of %,d windows of %d × %d values "
                    + "holds %,d values, more than one Java array can (%,d): use a batch size of at most %,d",
                    batchSize, lookback / step, data.features(), batchValues, NdArray.MAX_VALUES,
                    NdArray.MAX_VALUES / ((long) (lookback / step) * data.features())));
        }
        this.stepsPerEpoch = b.stepsPerEpoch > 0 ? b.stepsPerEpoch : steps(minIndex, maxIndex, lookback, batchSize);
        if (this.stepsPerEpoch <= 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "Rows [%d, %d) with lookback %d hold %,d "
                    + "windows, less than one batch of %,d: use a batch size of at most %,d, or give stepsPerEpoch "
                    + "explicitly", minIndex, maxIndex, lookback, windows, batchSize, windows));
        }
    }

    public static Builder builder(ClimateSeries data) {
        return new Builder(data);
    }

    /** The chapter's {@code val_steps} / {@code test_steps}: {@code (max_index − min_index − lookback) // batch_size}. */
    public static int steps(int minIndex, int maxIndex, int lookback, int batchSize) {
        return (maxIndex - minIndex - lookback) / batchSize;
    }

    @Override
    public int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /**
     * The {@link #stepsPerEpoch()} batches of epoch {@code epoch}: sequentially, those after the previous epochs'
     * ({@code epoch · stepsPerEpoch} batches in); shuffled, rows drawn from a generator forked for this epoch.
     */
    @Override
    public Iterator<Batch> epoch(int epoch) {
        SeededRandom random = new SeededRandom(seed).fork("epoch " + epoch);
        int[] position = {minIndex + lookback};
        if (!shuffle) {
            for (long i = 0; i < (long) epoch * stepsPerEpoch; i++) {
                rows(random, position);
            }
        }
        return IntStream.range(0, stepsPerEpoch).mapToObj(step -> batch(rows(random, position))).iterator();
    }

    /** The next batch of the endless generator, as the chapter's {@code next(gen)}. */
    public synchronized Batch next() {
        return batch(rows(stream, streamPosition));
    }

    /** The target rows of the next batch, advancing the sequential {@code position}. */
    private int[] rows(SeededRandom random, int[] position) {
        if (shuffle) {
            int[] rows = new int[batchSize];
            for (int j = 0; j < batchSize; j++) {
                rows[j] = minIndex + lookback + random.nextInt(maxIndex - minIndex - lookback);
            }
            return rows;
        }
        if (batchSize >= maxIndex - position[0]) {
            position[0] = minIndex + lookback;
        }
        int[] rows = new int[Math.min(batchSize, maxIndex - position[0])];
        for (int j = 0; j < rows.length; j++) {
            rows[j] = position[0] + j;
        }
        position[0] += rows.length;
        return rows;
    }

    /** Samples {@code (rows, lookback / step, 14)} and targets {@code (rows)} for these target rows. */
    private Batch batch(int[] rows) {
        int features = data.features();
        int timesteps = lookback / step;
        float[] values = data.values();
        float[] samples = new float[rows.length * timesteps * features];
        float[] targets = new float[rows.length];
        for (int j = 0; j < rows.length; j++) {
            for (int k = 0; k < timesteps; k++) {
                System.arraycopy(values, (rows[j] - lookback + k * step) * features, samples,
                        (j * timesteps + k) * features, features);
            }
            targets[j] = values[(rows[j] + delay) * features + ClimateSeries.TEMPERATURE];
        }
        return new Batch(NdArray.wrapFloats(Shape.of(rows.length, timesteps, features), samples),
                NdArray.wrapFloats(Shape.of(rows.length), targets));
    }

    /** Builds a {@link ClimateGenerator}; the defaults are the chapter's ({@code batch_size=128, step=6}). */
    public static final class Builder {
        private final ClimateSeries data;
        private int lookback = 1440;
        private int delay = 144;
        private int minIndex;
        private Integer maxIndex;
        private boolean shuffle;
        private int batchSize = 128;
        private int step = 6;
        private int stepsPerEpoch;
        private long seed;

        private Builder(ClimateSeries data) {
            this.data = data;
        }

        public Builder lookback(int lookback) {
            this.lookback = lookback;
            return this;
        }

        public Builder delay(int delay) {
            this.delay = delay;
            return this;
        }

        public Builder minIndex(int minIndex) {
            this.minIndex = minIndex;
            return this;
        }

        /** The end (exclusive) of the target rows; {@code null}, the default, means {@code len − delay − 1}. */
        public Builder maxIndex(Integer maxIndex) {
            this.maxIndex = maxIndex;
            return this;
        }

        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder step(int step) {
            this.step = step;
            return this;
        }

        /** Batches per epoch; by default the chapter's {@code (max − min − lookback) // batch_size}. */
        public Builder stepsPerEpoch(int stepsPerEpoch) {
            this.stepsPerEpoch = stepsPerEpoch;
            return this;
        }

        /** The seed of the shuffled rows. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @throws IllegalArgumentException if the windows do not fit the series, naming the fix */
        public ClimateGenerator build() {
            return new ClimateGenerator(this);
        }
    }
}
