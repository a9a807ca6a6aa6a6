package dev.seqconv.examples;

import dev.seqconv.api.model.Sequential;
import dev.seqconv.models.ChapterModel;
import dev.seqconv.models.ChapterModels;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code seqconv summary MODEL}: the network's Keras summary table and its training settings. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Prints a model's summary table (layers, output shapes, parameters) and how the book trains it.")
public class SummaryCommand implements Callable<Integer> {

    private final ChapterModels models;

    @Parameters(paramLabel = "MODEL", description = "One of: imdb-conv1d, imdb-conv1d-sigmoid, imdb-lstm, "
            + "jena-conv1d, jena-conv-gru, jena-gru, jena-gru-regularized.")
    String model;

    @Inject
    public SummaryCommand(ChapterModels models) {
        this.models = models;
    }

    @Override
    public Integer call() {
        ChapterModel chapter = models.get(model);
        System.out.println(chapter.id() + ": " + chapter.title());
        try (Sequential network = chapter.build(1)) {
            System.out.print(network.summary());
        }
        System.out.println("Trained with " + chapter.training().optimizer() + ", loss " + chapter.training().loss().name()
                + ", " + chapter.training().epochs() + " epochs, batches of " + chapter.training().batchSize());
        chapter.note().ifPresent(note -> System.out.println("Note: " + note));
        return 0;
    }
}
