package dev.seqconv.examples;

import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.models.ChapterModel;
import dev.seqconv.models.ChapterModels;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * What the commands that run a chapter model ({@code train}, {@code evaluate}) share: the {@code --backend} and
 * data options, and the steps from the model's name to its data and to its network compiled on the engine.
 */
abstract class ChapterModelCommand implements Callable<Integer> {

    private final ChapterModels models;
    private final Experiments experiments;
    private final BackendChooser backends;

    @Mixin
    BackendOption backend;

    @Mixin
    DataOptions data;

    ChapterModelCommand(ChapterModels models, Experiments experiments, BackendChooser backends) {
        this.models = models;
        this.experiments = experiments;
        this.backends = backends;
    }

    /** The chapter model named {@code id}. */
    ChapterModel chapter(String id) {
        return models.get(id);
    }

    /** The model's data, {@code validationSplit} of array data held out; says which data on standard output. */
    TrainingData data(ChapterModel chapter, double validationSplit) {
        TrainingData source = experiments.data(chapter, data, validationSplit);
        System.out.println("Data: " + source.description());
        return source;
    }

    /** The backend {@code --backend} names, or the best available. */
    Backend engine() {
        return backends.choose(backend.id);
    }

    /** The network, its weights drawn from {@code --seed}, compiled on {@code engine} as the book does. */
    Sequential compiled(ChapterModel chapter, Backend engine) {
        Sequential network = chapter.build(data.seed);
        try {
            chapter.training().compile(network, engine);
        } catch (RuntimeException | Error e) {
            network.close();
            throw e;
        }
        return network;
    }
}
