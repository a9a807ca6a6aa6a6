package dev.seqconv.api.inference;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.io.WeightsFile;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.network.DataChecks;
import dev.seqconv.api.network.LayerStack;
import dev.seqconv.api.network.MemoryEstimate;
import dev.seqconv.api.network.ModelWeights;
import dev.seqconv.api.spi.Backend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A trained model's predictions for a service: safe to call from any number of threads at once, with fixed
 * weights (a copy taken when it is made), inference only (no gradients, optimizer state or training
 * functions), and bounded resources. Concurrent requests share the engine by the {@link Strategy} in the
 * {@link PredictorSettings}: each at once on the calling thread while a session is free and coalesced into batches
 * while none is (the default), always coalesced into batches, or each on an engine session of its own.
 *
 * <pre>{@code
 * try (Predictor predictor = Predictor.of(model, PredictorSettings.builder()
 *         .maxBatchSize(32).maxWait(Duration.ofMillis(1)).timeout(Duration.ofMillis(200)).build())) {
 *     NdArray scores = predictor.predict(NdArray.ofInts(Shape.of(1, 500), ids));   // from any thread
 * }
 * }</pre>
 *
 * <p>Each request is checked on the calling thread before it is queued (type, sample shape, token ids within
 * the vocabulary, finite values), so a bad request fails alone with an {@link IllegalArgumentException} and never
 * reaches a batch. A request is refused with a {@link PredictionRejectedException} when the queue is full or its
 * deadline passes; memory stays bounded by the queue and the largest batch. {@link #close()} answers every request
 * already accepted, then frees the engine's memory; later calls throw {@link IllegalStateException}.
 */
public final class Predictor implements AutoCloseable {

    /** How concurrent requests share the engine. */
    public enum Strategy {
        /**
         * A request that finds nothing queued and an engine session free runs at once on the calling thread, as
         * with {@link #SESSIONS}; requests that arrive while every session is busy wait in one bounded queue, and
         * the session's worker thread runs what is queued, up to {@code maxBatchSize} samples, as one batch as soon
         * as the session is free, as with {@link #MICRO_BATCHING} but with no {@code maxWait}. So a lone request
         * never waits for others, and under load one engine call serves many requests. With ND4J, the session
         * keeps one workspace per calling thread that ran a request alone on it, besides its worker's.
         */
        ADAPTIVE(1),
        /**
         * Requests wait in one bounded queue; each session's worker thread takes what is queued, up to
         * {@code maxBatchSize} samples, waiting up to {@code maxWait} for more, runs it as one batch and hands
         * each request its rows. One engine call serves many requests, so the fixed cost of a call is shared.
         */
        MICRO_BATCHING(1),
        /**
         * Each request runs alone on the calling thread, on an engine session taken from a pool; requests wait
         * (bounded by {@code queueCapacity}) while every session is busy. No hand-off to another thread, so the
         * lowest latency for one request; no sharing of a call's fixed cost. With ND4J, each session keeps one
         * workspace per calling thread.
         */
        SESSIONS(Runtime.getRuntime().availableProcessors());

        private final int defaultSessions;

        Strategy(int defaultSessions) {
            this.defaultSessions = defaultSessions;
        }

        /** Sessions when the settings give 0: one when batching, one per core for sessions (a fair pool). */
        public int defaultSessions() {
            return defaultSessions;
        }

        /**
         * The strategy measured best on {@code backend} (docs/benchmarks.md, "Serving"): {@link #ADAPTIVE} on both
         * ND4J and TensorFlow. With {@link #MICRO_BATCHING} the default, one client saw 2.0-2.2 ms batch-1 p50
         * latency on the IMDB network where {@link #SESSIONS} gave 0.53-0.96 ms, because a lone request waited
         * out the 1 ms window on the worker thread; with 16-64 clients micro-batching served 1.3-10× more
         * requests than sessions. Adaptive batching keeps the better of each: in three runs on a loaded 2-core
         * machine its batch-1 p50 was below micro-batching's every time (1.9-3.8× lower on TensorFlow, 0.3-3.2
         * ms lower on ND4J) and near sessions', and with 16 clients it served 1.08-1.19× micro-batching's
         * requests on TensorFlow and 0.85× on ND4J (within that machine's noise), far more than sessions.
         */
        public static Strategy forBackend(Backend backend) {
            Objects.requireNonNull(backend, "backend");
            return ADAPTIVE;
        }
    }

    private final DataChecks checks;
    private final Backend backend;
    private final Strategy strategy;
    private final PredictorSettings settings;
    private final List<PredictSession> sessions = new ArrayList<>();
    private final Admission admission;
    private final Serving serving;

    private Predictor(String name, LayerStack stack, ModelWeights weights, Backend backend, PredictorSettings settings) {
        this.checks = new DataChecks(stack);
        this.backend = backend;
        this.strategy = settings.strategy().orElseGet(() -> Strategy.forBackend(backend));
        this.settings = settings;
        new MemoryEstimate(stack).check(settings.maxBatchSize(), false);
        int count = settings.sessions() > 0 ? settings.sessions() : strategy.defaultSessions();
        try {
            for (int i = 0; i < count; i++) {
                sessions.add(new PredictSession(backend, stack, weights, settings.maxBatchSize()));
            }
        } catch (RuntimeException e) {
            sessions.forEach(PredictSession::close);
            throw e;
        }
        this.admission = new Admission(name, settings.queueCapacity());
        this.serving = strategy == Strategy.SESSIONS
                ? new SessionPool(sessions, settings.queueCapacity(), admission)
                : new MicroBatching(name, sessions, settings, admission, strategy == Strategy.ADAPTIVE);
    }

    /** A predictor of {@code model}'s current weights with the default settings. */
    public static Predictor of(Sequential model) {
        return of(model, PredictorSettings.defaults());
    }

    /**
     * A predictor of {@code model}'s current weights: a copy, so training the model further does not change
     * the predictor's answers. The model may be closed afterwards; the predictor has its own engine sessions.
     */
    public static Predictor of(Sequential model, PredictorSettings settings) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(settings, "settings");
        return new Predictor(model.name(), model.stack(), model.weights(), backendFor(model, settings), settings);
    }

    /**
     * A predictor of weights saved by {@link dev.seqconv.api.model.Sequential#saveWeights} (on any backend), for the layers of
     * {@code architecture}, whose own weights are not used.
     *
     * @throws IllegalArgumentException if the file is missing, corrupt, or holds another model's weights
     */
    public static Predictor fromWeights(Sequential architecture, Path weightsFile, PredictorSettings settings) {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(settings, "settings");
        ModelWeights weights = ModelWeights.of(architecture.stack(),
                WeightsFile.load(weightsFile, architecture.stack().weightsLayout()), "Weight");
        return new Predictor(architecture.name(), architecture.stack(), weights, backendFor(architecture, settings),
                settings);
    }

    private static Backend backendFor(Sequential model, PredictorSettings settings) {
        return settings.backend().orElseGet(() -> model.compiledBackend().orElseGet(Backends::select));
    }

    /** The engine the sessions run on. */
    public Backend backend() {
        return backend;
    }

    /** The strategy in use (the settings' or, when they give none, the backend's). */
    public Strategy strategy() {
        return strategy;
    }

    /** The settings this predictor was made with. */
    public PredictorSettings settings() {
        return settings;
    }

    /** The model's outputs for {@code x} (one or more samples along the first axis), within the default timeout. */
    public NdArray predict(NdArray x) {
        return predict(x, settings.timeout());
    }

    /**
     * The model's outputs for {@code x}, samples along the first axis, at most {@code maxBatchSize} of them.
     *
     * @param timeout the request's deadline, from now until its answer is ready
     * @throws IllegalArgumentException     if {@code x} does not fit the model (checked before it is queued)
     * @throws PredictionRejectedException  if the queue is full or the deadline passes
     * @throws IllegalStateException        if the predictor is closed
     */
    public NdArray predict(NdArray x, Duration timeout) {
        Objects.requireNonNull(x, "x");
        long deadline = System.nanoTime() + timeout.toNanos();
        admission.requireOpen();
        checks.checkInputs(x);
        if (x.length() > settings.maxBatchSize()) {
            throw new IllegalArgumentException("A request of " + x.length() + " samples is more than this predictor's "
                    + "maxBatchSize of " + settings.maxBatchSize() + "; split it (x.rows(from, to)) or raise "
                    + "PredictorSettings.maxBatchSize");
        }
        return serving.predict(x, deadline);
    }

    /**
     * Stops taking requests, answers every request already accepted, then frees the engine sessions' memory.
     * Closing twice is harmless.
     */
    @Override
    public void close() {
        if (!admission.close()) {
            return;
        }
        try {
            serving.drain();
        } finally {
            sessions.forEach(PredictSession::close);
        }
    }
}
