package dev.seqconv.examples;

import dev.seqconv.api.callbacks.History;
import dev.seqconv.api.callbacks.Logs;
import dev.seqconv.api.data.ArrayBatchSource;
import dev.seqconv.api.data.BatchSource;
import dev.seqconv.api.training.FitConfig;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.datasets.imdb.ImdbData;
import dev.seqconv.datasets.imdb.ImdbOptions;
import dev.seqconv.datasets.imdb.Imdb;
import dev.seqconv.models.ImdbNetworks;
import java.util.Locale;

/**
 * The chapter's IMDB data: {@code imdb.load_data(num_words=10000)} padded to 500 ids; the last 20 % of the
 * training reviews validate, as {@code validation_split=0.2}; the 25,000 test reviews test.
 */
public final class ImdbTrainingData implements TrainingData {

    private final String source;
    private final NdArray trainX;
    private final NdArray trainY;
    private final NdArray testX;
    private final NdArray testY;
    private final double validationSplit;

    public ImdbTrainingData(Imdb imdb, String source, double validationSplit) {
        ImdbData data = imdb.load(ImdbOptions.numWords(ImdbNetworks.MAX_FEATURES));
        this.source = String.format(Locale.ROOT, "IMDB reviews (%s): %,d training, %,d test; 10,000 words, 500 ids",
                source, data.train().size(), data.test().size());
        this.trainX = data.train().x(ImdbNetworks.MAX_LEN);
        this.trainY = data.train().y();
        this.testX = data.test().x(ImdbNetworks.MAX_LEN);
        this.testY = data.test().y();
        this.validationSplit = validationSplit;
    }

    @Override
    public String description() {
        return source;
    }

    @Override
    public History fit(Sequential model, int batchSize, FitConfig.Builder settings) {
        return model.fit(trainX, trainY, settings.batchSize(batchSize).validationSplit(validationSplit).build());
    }

    @Override
    public Logs evaluate(Sequential model, int batchSize, int maxSteps) {
        BatchSource test = new ArrayBatchSource(testX, testY, batchSize, null);
        return model.evaluate(maxSteps > 0 ? test.limit(maxSteps) : test);
    }
}
