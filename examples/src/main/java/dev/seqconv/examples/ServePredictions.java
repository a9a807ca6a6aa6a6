package dev.seqconv.examples;

import dev.seqconv.api.inference.PredictionRejectedException;
import dev.seqconv.api.inference.Predictor;
import dev.seqconv.api.inference.PredictorSettings;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.models.ImdbNetworks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The README's "Serve predictions": one {@link Predictor} of a trained model, called by a pool of request
 * threads at once. {@code main} scores random reviews with the chapter's IMDB network (its seeded starting
 * weights, or those of a file saved by {@code train --save FILE} given as the argument).
 */
public final class ServePredictions {

    private ServePredictions() {
    }

    public static void main(String[] args) throws Exception {
        try (Sequential model = ImdbNetworks.conv1dSigmoid(ImdbNetworks.MAX_FEATURES, ImdbNetworks.MAX_LEN, 42)) {
            if (args.length > 0) {
                model.loadWeights(Path.of(args[0]));
            }
            Random random = new Random(1);
            int[][] reviews = new int[64][ImdbNetworks.MAX_LEN];
            for (int[] review : reviews) {
                Arrays.setAll(review, i -> 3 + random.nextInt(ImdbNetworks.MAX_FEATURES - 3));
            }
            System.out.println(Arrays.toString(scoreConcurrently(model, reviews)));
        }
    }

    /** Each review's score (token ids, one review a row), asked for by 8 request threads at once. */
    public static float[] scoreConcurrently(Sequential model, int[][] reviews) throws Exception {
        PredictorSettings settings = PredictorSettings.builder()
                .maxBatchSize(32)                    // at most 32 reviews in one engine call
                .queueCapacity(256)                  // beyond 256 waiting requests, refuse new ones at once
                .timeout(Duration.ofSeconds(2))      // each request's deadline, waiting included
                .build();
        ExecutorService requestThreads = Executors.newFixedThreadPool(8);
        try (Predictor predictor = Predictor.of(model, settings)) {   // a copy of the weights, inference only
            List<Future<Float>> scores = new ArrayList<>();
            for (int[] review : reviews) {
                scores.add(requestThreads.submit(() -> {
                    try {
                        return predictor.predict(NdArray.ofInts(new int[][] {review})).getFloat(0, 0);
                    } catch (PredictionRejectedException overloaded) {   // queue full or deadline passed: shed it
                        return Float.NaN;
                    }   // a bad request (wrong length, id outside the vocabulary) throws IllegalArgumentException
                }));
            }
            float[] out = new float[reviews.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = scores.get(i).get();
            }
            return out;
        } finally {
            requestThreads.shutdown();
        }
    }
}
