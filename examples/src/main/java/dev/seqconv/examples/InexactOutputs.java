package dev.seqconv.examples;

import dev.seqconv.api.inference.Predictor;
import dev.seqconv.api.inference.PredictorSettings;
import dev.seqconv.api.layers.Embedding;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.spi.Backend;
import java.time.Duration;
import java.util.Locale;

/**
 * How far a model written inexactly moves: the outputs of the model as seqconv ran it and as Keras 3 reads the
 * written file, on the same random batch.
 */
final class InexactOutputs {

    /** Samples in the batch both models predict. */
    static final int SAMPLES = 32;

    private InexactOutputs() {
    }

    /**
     * One sentence: the largest difference between the two models' outputs on {@link #SAMPLES} random inputs (seed 0:
     * token ids drawn uniformly from the Embedding's vocabulary, other inputs from N(0, 1)), and the outputs' range.
     */
    static String measure(Sequential exact, Sequential asKeras3, Backend backend) {
        NdArray x = randomInputs(exact);
        float[] expected = outputs(exact, backend, x).toFloatArray();
        float[] written = outputs(asKeras3, backend, x).toFloatArray();
        double largest = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < expected.length; i++) {
            largest = Math.max(largest, Math.abs(expected[i] - written[i]));
            min = Math.min(min, expected[i]);
            max = Math.max(max, expected[i]);
        }
        String inputs = x.dataType() == DataType.INT32 ? "token ids" : "inputs from N(0, 1)";
        return String.format(Locale.ROOT, "On %d random %s (seed 0), Keras 3's outputs differ from seqconv's by up to "
                + "%.3g (seqconv's outputs range over [%.3g, %.3g]); on your data the difference may be larger or "
                + "smaller.", SAMPLES, inputs, largest, min, max);
    }

    private static NdArray randomInputs(Sequential model) {
        Shape shape = model.input().shape().prepend(SAMPLES);
        int size = Math.toIntExact(shape.size());
        SeededRandom random = new SeededRandom(0);
        if (model.input().dataType() == DataType.INT32
                && model.layers().get(0).layer() instanceof Embedding embedding) {
            int[] ids = new int[size];
            for (int i = 0; i < size; i++) {
                ids[i] = random.nextInt(embedding.inputDim());
            }
            return NdArray.wrapInts(shape, ids);
        }
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return NdArray.wrapFloats(shape, values);
    }

    private static NdArray outputs(Sequential model, Backend backend, NdArray x) {
        try (Predictor predictor = Predictor.of(model, PredictorSettings.builder().backend(backend)
                .strategy(Predictor.Strategy.SESSIONS).sessions(1).maxBatchSize(SAMPLES)
                .timeout(Duration.ofMinutes(10)).build())) {
            return predictor.predict(x);
        }
    }
}
