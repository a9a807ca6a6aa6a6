package dev.seqconv.api.inference;

import dev.seqconv.api.ndarray.NdArray;

/**
 * How a {@link Predictor}'s requests reach its engine sessions: one implementation per {@link Predictor.Strategy}.
 */
interface Serving {

    /**
     * The model's outputs for a checked request.
     *
     * @param deadline the {@link System#nanoTime()} by which the answer must be ready
     * @throws PredictionRejectedException if the queue is full or the deadline passes
     */
    NdArray predict(NdArray x, long deadline);

    /** Waits until every accepted request is answered; called once, after no more can be accepted. */
    void drain();
}
