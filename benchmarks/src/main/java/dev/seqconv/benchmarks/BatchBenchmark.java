package dev.seqconv.benchmarks;

import dev.seqconv.api.data.ArrayBatchSource;
import dev.seqconv.api.data.Batch;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.datasets.jena.ClimateGenerator;
import dev.seqconv.datasets.jena.ClimateSeries;
import dev.seqconv.datasets.jena.SeriesSplits;
import dev.seqconv.datasets.jena.SyntheticWeather;
import dev.seqconv.datasets.jena.WindowSetting;
import dev.seqconv.models.ImdbNetworks;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * How long one training batch takes to produce on the host, for the two shapes of the chapter: IMDB
 * (128 × 500 ids, cut from shuffled arrays) and Jena in the 6.4 setting (128 × 240 × 14, drawn by the chapter's
 * generator from a normalized series of the record's length). Compare with the step times of
 * {@link TrainStepBenchmark}: training prefetches batches on another thread, so production must stay well below
 * a step.
 */
public final class BatchBenchmark {

    private BatchBenchmark() {
    }

    public static void main(String[] args) {
        SeededRandom random = new SeededRandom(1);
        int[] ids = new int[25_000 * ImdbNetworks.MAX_LEN];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 3 + random.nextInt(ImdbNetworks.MAX_FEATURES - 3);
        }
        NdArray x = NdArray.ofInts(Shape.of(25_000, ImdbNetworks.MAX_LEN), ids);
        NdArray y = NdArray.zeros(Shape.of(25_000));
        ArrayBatchSource imdb = new ArrayBatchSource(x, y, 128, 2L);

        ClimateSeries series = SyntheticWeather.generate(420_551, 1);
        ClimateSeries normalized = series.normalized(series.statistics(200_000));
        ClimateGenerator jena = SeriesSplits.CHAPTER.training(normalized, WindowSetting.SECTION_6_4, 500, 3);

        System.out.printf(Locale.ROOT, "Batch production, %s, %d cores, Java %s%n%n", LocalDate.now(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.println("| batch | median ms | p90 ms |");
        System.out.println("| --- | ---: | ---: |");
        report("IMDB, 128 × 500 ids, shuffled", new Supplier<>() {
            private Iterator<Batch> epoch = imdb.epoch(0);

            @Override
            public Batch get() {
                if (!epoch.hasNext()) {
                    epoch = imdb.epoch(0);
                }
                return epoch.next();
            }
        });
        report("Jena 6.4, 128 × 240 × 14, shuffled", jena::next);
    }

    private static void report(String name, Supplier<Batch> batches) {
        for (int i = 0; i < 50; i++) {
            batches.get();
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long t0 = System.nanoTime();
            batches.get();
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f |%n", name, Measurements.median(ms),
                Measurements.percentile(ms, 0.9));
    }
}
