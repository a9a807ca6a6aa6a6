package dev.seqconv.examples;

import dev.seqconv.api.callbacks.History;
import dev.seqconv.api.callbacks.Logs;
import dev.seqconv.api.callbacks.Monitor;
import dev.seqconv.api.model.KerasModels;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.training.FitConfig;
import dev.seqconv.models.ChapterModel;
import dev.seqconv.models.ChapterModels;
import dev.seqconv.models.Training;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code seqconv train MODEL}: trains a chapter model as the book does, with Keras's progress display. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains one of the chapter's models with the book's settings (optimizer, loss, epochs, batch "
                + "size, validation), then reports the best epoch.")
public class TrainCommand extends ChapterModelCommand {

    @Parameters(paramLabel = "MODEL", description = "The model: see 'seqconv summary --help'.")
    String model;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: the book's).")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Samples per batch (default: the book's).")
    Integer batchSize;

    @Option(names = "--validation-split", paramLabel = "F",
            description = "IMDB: the fraction of the training reviews held out for validation (default: the book's "
                    + "0.2; 0 trains on all of them).")
    Double validationSplit;

    @Option(names = "--max-steps", paramLabel = "N", defaultValue = "0",
            description = "Stop after N training batches in all (epochs are cut to fit); validation uses at most N "
                    + "batches too. For a quick check of the setup.")
    int maxSteps;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Save the training curves as a PNG.")
    Path plot;

    @Option(names = "--save", paramLabel = "FILE", description = "Save the trained model: FILE.keras as a Keras 3 archive (loads in Keras), else its weights "
                    + "(HDF5, Keras's .weights.h5 layout).")
    Path save;

    @Option(names = "--history", paramLabel = "FILE.csv", description = "Save the per-epoch figures as CSV.")
    Path history;

    @Inject
    public TrainCommand(ChapterModels models, Experiments experiments, BackendChooser backends) {
        super(models, experiments, backends);
    }

    @Override
    public Integer call() {
        ChapterModel chapter = chapter(model);
        Training training = chapter.training();
        if (maxSteps < 0) {
            throw new IllegalArgumentException("--max-steps must be >= 0, got " + maxSteps);
        }
        if (validationSplit != null) {
            requireValidationSplit(chapter);
        }
        prepareOutputs();
        chapter.note().ifPresent(note -> System.out.println("Note: " + note));
        TrainingData source = data(chapter, validationSplit != null ? validationSplit : training.validationSplit());
        Backend engine = engine();
        try (Sequential network = compiled(chapter, engine)) {
            System.out.println("Model: " + chapter.id() + " on " + engine.id() + " (" + engine.engineVersion() + ")");
            ProgressPrinter progress = new ProgressPrinter(System.out, System.console() != null);
            int batch = batchSize != null ? batchSize : training.batchSize();
            FitConfig.Builder fit = FitConfig.builder().epochs(epochs != null ? epochs : training.epochs())
                    .shuffleSeed(data.seed).callbacks(progress);
            if (maxSteps > 0) {
                fit.stepsPerEpoch(maxSteps).validationSteps(maxSteps).epochs(1);
            }
            History result = source.fit(network, batch, fit);
            report(result, progress.epochSeconds());
            if (save != null) {
                OutputFiles.saveWeights(save, file -> save(network, file));
                System.out.println("Saved to " + save);
            }
            if (history != null) {
                HistoryCsv.write(result, progress.epochSeconds(), history);
                System.out.println("History saved to " + history);
            }
            if (plot != null) {
                TrainingCurves.save(result, chapter.id() + " on " + engine.id(), plot);
                System.out.println("Curves saved to " + plot);
            }
        }
        return 0;
    }

    /** The whole model as a Keras 3 archive for a {@code .keras} name, else its weights in Keras's layout. */
    private static void save(Sequential network, Path file) {
        if (file.getFileName().toString().endsWith(".keras")) {
            KerasModels.save(network, file);
        } else {
            network.saveWeights(file);
        }
    }

    /** Refuses a split that is not a fraction, or one for a model whose validation data is fixed by the book. */
    private void requireValidationSplit(ChapterModel chapter) {
        if (chapter.data() != ChapterModel.Data.IMDB) {
            throw new IllegalArgumentException("--validation-split is for the IMDB models; " + chapter.id()
                    + " validates on the Jena rows 200,001 to 300,000, as the book does: leave the option out");
        }
        if (!(validationSplit >= 0 && validationSplit < 1)) {
            throw new IllegalArgumentException("--validation-split must be a number in [0, 1), the fraction of the "
                    + "training reviews held out for validation (0 for none), got " + validationSplit);
        }
    }

    /** Checks every file the run will write before it starts, making missing folders. */
    private void prepareOutputs() {
        if (save != null) {
            OutputFiles.prepare("--save", save);
        }
        if (history != null) {
            OutputFiles.prepare("--history", history);
        }
        if (plot != null) {
            OutputFiles.prepare("--plot", plot);
        }
    }

    private static void report(History history, List<Double> seconds) {
        String key = history.asMap().containsKey("val_acc") ? "val_acc" : "val_loss";
        if (!history.asMap().containsKey(key)) {
            return;
        }
        List<Double> values = history.get(key);
        int best = Monitor.of(key).best(values);
        Logs epoch = history.epoch(best);
        System.out.printf(Locale.ROOT, "Best %s %.4f at epoch %d of %d (%s); %.1f s per epoch%n", key,
                values.get(best), best + 1, values.size(), epoch,
                seconds.stream().mapToDouble(Double::doubleValue).average().orElse(0));
    }
}
