package dev.seqconv.spark;

import dev.seqconv.api.inference.Predictor;
import dev.seqconv.api.inference.PredictorSettings;
import dev.seqconv.api.layers.Embedding;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.spi.Backend;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * A saved model loaded for scoring in one JVM: a thread-safe {@link Predictor}, shared by every task that scores
 * with the same model and backend there, and the checks a row passes before it joins a batch.
 */
final class ScoringModel implements AutoCloseable {

    /** How long one batch may wait for the engine, queueing behind other tasks' batches included. */
    private static final Duration BATCH_TIMEOUT = Duration.ofMinutes(10);

    private final Predictor predictor;
    private final Input input;
    /** The Embedding's input dimension, or -1 when the first layer is not an Embedding. */
    private final int vocabulary;
    /** The number of output values per sample. */
    private final int outputSize;

    private ScoringModel(Predictor predictor, Input input, int vocabulary, int outputSize) {
        this.predictor = predictor;
        this.input = input;
        this.vocabulary = vocabulary;
        this.outputSize = outputSize;
    }

    /** The model in the {@code .keras} archive {@code bytes}, on {@code backend}, for batches of {@code batchSize}. */
    static ScoringModel load(byte[] bytes, Backend backend, int batchSize) {
        try (Sequential model = KerasBytes.load(bytes)) {
            int vocabulary = model.layers().get(0).layer() instanceof Embedding e ? e.inputDim() : -1;
            Predictor predictor = Predictor.of(model, PredictorSettings.builder().backend(backend)
                    .maxBatchSize(batchSize).timeout(BATCH_TIMEOUT).build());
            return new ScoringModel(predictor, model.input(), vocabulary,
                    Math.toIntExact(model.outputShape().dropFirst().size()));
        }
    }

    /**
     * {@code row}'s sample, read by {@code features}, with its token ids checked against the Embedding's vocabulary;
     * the model's other checks (finite values) run when it predicts.
     *
     * @throws IllegalArgumentException naming the problem
     */
    NdArray read(Row row, FeatureColumn features) {
        NdArray sample = features.read(row, input);
        if (vocabulary > 0 && sample.dataType() == DataType.INT32) {
            int[] ids = sample.toIntArray();
            for (int i = 0; i < ids.length; i++) {
                if (ids[i] < 0 || ids[i] >= vocabulary) {
                    throw new IllegalArgumentException("Column '" + features.name() + "' holds token id " + ids[i]
                            + " (at position " + i + " after padding), outside the model's Embedding vocabulary [0, "
                            + vocabulary + "); map rare words to the out-of-vocabulary id, as Keras's num_words does");
                }
            }
        }
        return sample;
    }

    /** Stacks samples read by {@link #read} into one batch. */
    NdArray batch(List<NdArray> samples) {
        return FeatureColumn.stack(samples, input.shape(), input.dataType());
    }

    /**
     * The outputs of {@code x}'s samples, one after another, in engine calls of at most the predictor's batch size
     * (another scoring may have loaded this model with a smaller one).
     *
     * @throws IllegalArgumentException if the model refuses a sample (e.g. a value that is not finite)
     */
    float[] predict(NdArray x) {
        return x.mapSlices(predictor.settings().maxBatchSize(), Shape.of(outputSize), predictor::predict)
                .toFloatArray();
    }

    @Override
    public void close() {
        predictor.close();
    }
}
