package dev.seqconv.examples;

import dev.seqconv.api.callbacks.Logs;
import dev.seqconv.api.model.KerasModels;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.models.ChapterModel;
import dev.seqconv.models.ChapterModels;
import jakarta.inject.Inject;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code seqconv evaluate MODEL --weights FILE}: the test figures of saved weights. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluates saved weights on the test data: the 25,000 IMDB test reviews, or the Jena test range.")
public class EvaluateCommand extends ChapterModelCommand {

    @Parameters(paramLabel = "MODEL", description = "The model the weights belong to.")
    String model;

    @Option(names = "--weights", paramLabel = "FILE", required = true,
            description = "Weights saved by 'seqconv train --save' (on any backend): FILE.weights.h5 or FILE.keras.")
    Path weights;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "128", description = "Samples per batch.")
    int batchSize;

    @Option(names = "--max-steps", paramLabel = "N", defaultValue = "0", description = "Evaluate at most N batches.")
    int maxSteps;

    @Inject
    public EvaluateCommand(ChapterModels models, Experiments experiments, BackendChooser backends) {
        super(models, experiments, backends);
    }

    @Override
    public Integer call() {
        ChapterModel chapter = chapter(model);
        TrainingData source = data(chapter, chapter.training().validationSplit());
        Backend engine = engine();
        try (Sequential network = compiled(chapter, engine)) {
            loadWeights(network);
            Logs logs = source.evaluate(network, batchSize, maxSteps);
            System.out.println("Test (" + chapter.id() + " on " + engine.id() + "): " + logs);
        }
        return 0;
    }

    /** The weights of a {@code .keras} archive (checked against the model's), or of a weights file. */
    private void loadWeights(Sequential network) {
        if (weights.getFileName().toString().endsWith(".keras")) {
            try (Sequential saved = KerasModels.load(weights)) {
                network.setWeights(saved.getWeights());
            }
        } else {
            network.loadWeights(weights);
        }
    }
}
