package dev.seqconv.api.inference;

import dev.seqconv.api.checks.Checks;
import dev.seqconv.api.spi.Backend;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link Predictor} serves requests. Every setting has a default; build with {@link #builder()}.
 *
 * <pre>{@code
 * PredictorSettings settings = PredictorSettings.builder()
 *         .strategy(Predictor.Strategy.MICRO_BATCHING)
 *         .maxBatchSize(32)                      // samples run together at most
 *         .maxWait(Duration.ofMillis(2))         // how long a batch waits for more requests
 *         .queueCapacity(256)                    // requests waiting at most; more are refused at once
 *         .timeout(Duration.ofSeconds(1))        // each request's deadline, queueing included
 *         .build();
 * }</pre>
 *
 * @param backend       the engine to run on; empty: the model's backend if it is compiled, else the default
 *                      backend ({@code Backends.select()})
 * @param strategy      how concurrent requests share the engine; empty: the one measured best for the backend
 *                      ({@link Predictor.Strategy#forBackend})
 * @param sessions      engine sessions, each with its own copy of the weights; 0: the strategy's default
 *                      ({@link Predictor.Strategy#defaultSessions()})
 * @param maxBatchSize  the most samples in one request, and, when batching ({@link Predictor.Strategy#ADAPTIVE},
 *                      {@link Predictor.Strategy#MICRO_BATCHING}), in one engine call
 * @param maxWait       with {@link Predictor.Strategy#MICRO_BATCHING}, how long the first request of a batch waits
 *                      for others to join it; zero: take only what is queued already ({@link
 *                      Predictor.Strategy#ADAPTIVE} never waits)
 * @param queueCapacity the most requests waiting for an engine session; a request beyond it is refused at once
 *                      with {@link PredictionRejectedException.Reason#QUEUE_FULL}
 * @param timeout       the deadline of a request that gives none, from the call to the answer
 */
public record PredictorSettings(Optional<Backend> backend, Optional<Predictor.Strategy> strategy, int sessions,
                                int maxBatchSize, Duration maxWait, int queueCapacity, Duration timeout) {

    /** Checks the settings; see {@link Builder} for each. */
    public PredictorSettings {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(timeout, "timeout");
        if (sessions < 0) {
            throw new IllegalArgumentException("sessions must be >= 0 (0: the strategy's default), got " + sessions);
        }
        Checks.positive("maxBatchSize", maxBatchSize);
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must be zero or positive, got " + maxWait);
        }
        Checks.positive("queueCapacity", queueCapacity);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    /** The defaults: backend and strategy chosen as described above, batches of 32, 1 ms wait, 1024 queued, 10 s. */
    public static PredictorSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link PredictorSettings}. */
    public static final class Builder {
        private Backend backend;
        private Predictor.Strategy strategy;
        private int sessions;
        private int maxBatchSize = 32;
        private Duration maxWait = Duration.ofMillis(1);
        private int queueCapacity = 1024;
        private Duration timeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /** The engine to run on (default: the model's, else {@code Backends.select()}). */
        public Builder backend(Backend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /** How concurrent requests share the engine (default: {@link Predictor.Strategy#forBackend}). */
        public Builder strategy(Predictor.Strategy strategy) {
            this.strategy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /** Engine sessions, each a copy of the weights (default: {@link Predictor.Strategy#defaultSessions()}). */
        public Builder sessions(int sessions) {
            this.sessions = sessions;
            return this;
        }

        /** The most samples in one engine call when batching (default 32). */
        public Builder maxBatchSize(int maxBatchSize) {
            this.maxBatchSize = maxBatchSize;
            return this;
        }

        /** How long a micro-batch waits for more requests (default 1 ms; adaptive batching never waits). */
        public Builder maxWait(Duration maxWait) {
            this.maxWait = maxWait;
            return this;
        }

        /** The most requests waiting for a session; beyond, requests are refused at once (default 1024). */
        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
            return this;
        }

        /** The deadline of a request that gives none (default 10 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public PredictorSettings build() {
            return new PredictorSettings(Optional.ofNullable(backend), Optional.ofNullable(strategy), sessions,
                    maxBatchSize, maxWait, queueCapacity, timeout);
        }
    }
}
