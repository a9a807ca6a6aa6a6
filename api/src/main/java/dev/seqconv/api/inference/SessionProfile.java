package dev.seqconv.api.inference;

import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.network.DataChecks;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.spi.Executor;
import java.util.Objects;

/**
 * One engine session of a model, as each of a {@link Predictor}'s sessions is, opened to measure the phases of a
 * prediction one by one: the checks a request passes on the calling thread ({@link #checkInputs}), and the engine
 * call ({@link #run}: the copy in, the engine's work and the copy out). A whole {@link Predictor#predict} call is
 * these two phases plus the hand-off its strategy adds, so timing each shows where a prediction's time goes.
 * One thread at a time, as any engine session; not for serving (use a {@link Predictor}).
 */
public final class SessionProfile implements AutoCloseable {

    private final DataChecks checks;
    private final PredictSession session;

    private SessionProfile(DataChecks checks, PredictSession session) {
        this.checks = checks;
        this.session = session;
    }

    /**
     * A session holding a copy of {@code model}'s current weights on {@code backend}, with only its prediction
     * function compiled, for batches of up to the default settings' {@code maxBatchSize}.
     */
    public static SessionProfile of(Sequential model, Backend backend) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(backend, "backend");
        return new SessionProfile(new DataChecks(model.stack()),
                new PredictSession(backend, model.stack(), model.weights(),
                        PredictorSettings.defaults().maxBatchSize()));
    }

    /**
     * The checks a {@link Predictor} runs on a request before queueing it: type, sample shape, token ids, finite
     * values.
     *
     * @throws IllegalArgumentException if {@code x} does not fit the model
     */
    public void checkInputs(NdArray x) {
        checks.checkInputs(x);
    }

    /** The engine call of a checked batch, as a {@link Predictor}'s session runs it: the model's outputs. */
    public NdArray run(NdArray x) {
        return session.run(x);
    }

    /** The session's executor, for what the engine can tell of it (a graph engine's operations, say). */
    public Executor executor() {
        return session.executor();
    }

    /** Frees the session's native memory. */
    @Override
    public void close() {
        session.close();
    }
}
