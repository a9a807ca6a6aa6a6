package dev.seqconv.examples;

import dev.seqconv.datasets.jena.WindowSetting;
import dev.seqconv.models.ChapterModel;
import jakarta.inject.Inject;

/** Prepares a chapter model's data from the command's options. */
public class Experiments {

    private final DataSources sources;

    @Inject
    public Experiments(DataSources sources) {
        this.sources = sources;
    }

    /** The model's data, validated as the book does. */
    public TrainingData data(ChapterModel model, DataOptions options) {
        return data(model, options, model.training().validationSplit());
    }

    /** The model's data; for array data, {@code validationSplit} of it held out (0: train on all of it). */
    public TrainingData data(ChapterModel model, DataOptions options, double validationSplit) {
        return switch (model.data()) {
            case IMDB -> {
                if (options.synthetic) {
                    throw new IllegalArgumentException("--synthetic is for the Jena models; " + model.id()
                            + " trains on IMDB reviews");
                }
                yield new ImdbTrainingData(sources.imdb(options.dataDir), options.dataDir != null
                        ? "local copy " + options.dataDir : "downloaded aclImdb v1", validationSplit);
            }
            case JENA_6_3, JENA_6_4 -> jena(model, options);
        };
    }

    public JenaTrainingData jena(ChapterModel model, DataOptions options) {
        WindowSetting setting = model.data() == ChapterModel.Data.JENA_6_4 ? WindowSetting.SECTION_6_4
                : WindowSetting.SECTION_6_3;
        return new JenaTrainingData(sources.jena(options.dataDir, options.synthetic, options.seed), setting,
                model.training().stepsPerEpoch(), options.seed);
    }
}
