package dev.seqconv.api.model;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.io.WeightsFile;
import dev.seqconv.api.model.PredictionRejectedException.Reason;
import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.spi.Backend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A trained model's predictions for a service: safe to call from any number of threads at once, with fixed
 * weights (a copy taken when it is made), inference only (no gradients, optimizer state or training
 * functions), and bounded resources. Concurrent requests share the engine by the {@link Strategy} in the
 * {@link PredictorSettings}: coalesced into batches, or each on an engine session of its own.
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

        /** Sessions when the settings give 0: one for batching, one per core for sessions (a fair pool). */
        public int defaultSessions() {
            return defaultSessions;
        }

        /**
         * The strategy measured best on {@code backend} (docs/benchmarks.md, "Serving"): micro-batching on both
         * ND4J and TensorFlow. In the comparison run, with 16-64 clients, it served 1.3-10× more requests than
         * sessions on both networks and backends (a first validation run had sessions ~1.4× ahead on TensorFlow's
         * IMDB network); sessions had the lowest one-client latency everywhere, so choose {@link #SESSIONS} for few
         * clients and low latency.
         */
        public static Strategy forBackend(Backend backend) {
            Objects.requireNonNull(backend, "backend");
            return MICRO_BATCHING;
        }
    }

    private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final String name;
    private final DataChecks checks;
    private final Shape sampleShape;
    private final Backend backend;
    private final Strategy strategy;
    private final PredictorSettings settings;
    private final List<PredictSession> sessions = new ArrayList<>();
    private final Serving serving;
    /** Calls hold the read lock while they check for closing and enqueue; close takes the write lock. */
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile boolean closed;

    private Predictor(String name, LayerStack stack, List<NdArray> weights, Backend backend, PredictorSettings settings) {
        this.name = name;
        this.checks = new DataChecks(stack);
        this.sampleShape = stack.input().shape();
        this.backend = backend;
        this.strategy = settings.strategy().orElseGet(() -> Strategy.forBackend(backend));
        this.settings = settings;
        new MemoryEstimate(stack).check(settings.maxBatchSize(), false);
        int count = settings.sessions() > 0 ? settings.sessions() : strategy.defaultSessions();
        try {
            for (int i = 0; i < count; i++) {
                sessions.add(new PredictSession(backend, stack, weights));
            }
        } catch (RuntimeException e) {
            sessions.forEach(PredictSession::close);
            throw e;
        }
        this.serving = strategy == Strategy.MICRO_BATCHING ? new Batching() : new SessionPool();
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
        return new Predictor(model.name(), model.stack(), model.getWeights(), backendFor(model, settings), settings);
    }

    /**
     * A predictor of weights saved by {@link Sequential#saveWeights} (on any backend), for the layers of
     * {@code architecture}, whose own weights are not used.
     *
     * @throws IllegalArgumentException if the file is missing, corrupt, or holds another model's weights
     */
    public static Predictor fromWeights(Sequential architecture, Path weightsFile, PredictorSettings settings) {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(settings, "settings");
        List<NdArray> weights = WeightsFile.load(weightsFile, architecture.stack().weightsLayout());
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
        requireOpen();
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
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lifecycle.writeLock().unlock();
        }
        try {
            serving.drain();
        } finally {
            sessions.forEach(PredictSession::close);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("Predictor of model '" + name + "' is closed; make a new one with "
                    + "Predictor.of(model, settings)");
        }
    }

    /** Admits a request unless the predictor is closed: {@code admit} runs under the lifecycle's read lock. */
    private void admit(Runnable admit) {
        lifecycle.readLock().lock();
        try {
            requireOpen();
            admit.run();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private PredictionRejectedException queueFull() {
        return new PredictionRejectedException(Reason.QUEUE_FULL, "Predictor of model '" + name + "' has "
                + settings.queueCapacity() + " requests waiting already (queueCapacity); retry later, add sessions or "
                + "raise PredictorSettings.queueCapacity");
    }

    private PredictionRejectedException deadlineExceeded(long deadline, long start) {
        return new PredictionRejectedException(Reason.DEADLINE_EXCEEDED, String.format(Locale.ROOT,
                "Predictor of model '%s': no answer within the request's timeout of %.1f ms; give a longer timeout "
                        + "(predict(x, timeout) or PredictorSettings.timeout) or lighten the load",
                name, (deadline - start) / 1e6));
    }

    private static PredictionRejectedException interrupted() {
        Thread.currentThread().interrupt();
        return new PredictionRejectedException(Reason.INTERRUPTED, "Interrupted while waiting for a prediction");
    }

    private static long remaining(long deadline) {
        return deadline - System.nanoTime();
    }

    /** How requests reach the sessions. */
    private interface Serving {
        NdArray predict(NdArray x, long deadline);

        /** Waits until every accepted request is answered; called once, after no more can be accepted. */
        void drain();
    }

    /** {@link Strategy#SESSIONS}: the caller runs its request on a session from a pool. */
    private final class SessionPool implements Serving {
        private final BlockingQueue<PredictSession> idle = new ArrayBlockingQueue<>(sessions.size(), true, sessions);
        private final int permits = sessions.size() + settings.queueCapacity();
        /** One permit per request running or waiting for a session. */
        private final Semaphore admission = new Semaphore(permits);

        @Override
        public NdArray predict(NdArray x, long deadline) {
            long start = System.nanoTime();
            admit(() -> {
                if (!admission.tryAcquire()) {
                    throw queueFull();
                }
            });
            try {
                PredictSession session = idle.poll(remaining(deadline), TimeUnit.NANOSECONDS);
                if (session == null) {
                    throw deadlineExceeded(deadline, start);
                }
                try {
                    if (remaining(deadline) <= 0) {
                        throw deadlineExceeded(deadline, start);
                    }
                    return session.run(x);
                } finally {
                    idle.add(session);
                }
            } catch (InterruptedException e) {
                throw interrupted();
            } finally {
                admission.release();
            }
        }

        @Override
        public void drain() {
            admission.acquireUninterruptibly(permits);
        }
    }

    /** A request waiting in {@link Batching}'s queue. */
    private record Request(NdArray x, CompletableFuture<NdArray> answer) {
    }

    /** {@link Strategy#MICRO_BATCHING}: one bounded queue, one worker thread per session. */
    private final class Batching implements Serving {
        private final BlockingQueue<Request> queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        private final List<Thread> workers = new ArrayList<>();

        Batching() {
            for (int i = 0; i < sessions.size(); i++) {
                PredictSession session = sessions.get(i);
                Thread worker = new Thread(() -> work(session), "seqconv-predictor-" + name + "-" + i);
                worker.setDaemon(true);
                workers.add(worker);
                worker.start();
            }
        }

        @Override
        public NdArray predict(NdArray x, long deadline) {
            long start = System.nanoTime();
            Request request = new Request(x, new CompletableFuture<>());
            admit(() -> {
                if (!queue.offer(request)) {
                    throw queueFull();
                }
            });
            try {
                return request.answer().get(remaining(deadline), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                request.answer().cancel(false);   // a worker that has not taken it yet skips it
                throw deadlineExceeded(deadline, start);
            } catch (InterruptedException e) {
                request.answer().cancel(false);
                throw interrupted();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }

        @Override
        public void drain() {
            boolean interrupted = false;
            for (Thread worker : workers) {
                while (worker.isAlive()) {
                    try {
                        worker.join();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /** A worker's loop: until closed with nothing queued, take a batch and run it. */
        private void work(PredictSession session) {
            BatchBuffers buffers = new BatchBuffers(sampleShape, settings.maxBatchSize());
            List<Request> batch = new ArrayList<>();
            Request carried = null;
            while (true) {
                try {
                    Request first = carried != null ? carried : queue.poll(IDLE_POLL_NANOS, TimeUnit.NANOSECONDS);
                    carried = null;
                    if (first == null) {
                        if (closed && queue.isEmpty()) {
                            return;
                        }
                        continue;
                    }
                    if (first.answer().isDone()) {
                        continue;
                    }
                    batch.add(first);
                    carried = gather(batch, first.x().length());
                    run(session, batch, buffers);
                } catch (InterruptedException e) {
                    batch.forEach(r -> r.answer().completeExceptionally(e));
                    return;
                } finally {
                    batch.clear();
                }
            }
        }

        /**
         * Adds queued requests to {@code batch} up to {@code maxBatchSize} samples, waiting up to {@code maxWait}
         * (not once closing); returns a request that did not fit, for the next batch.
         */
        private Request gather(List<Request> batch, int samples) throws InterruptedException {
            long waitUntil = System.nanoTime() + settings.maxWait().toNanos();
            while (samples < settings.maxBatchSize()) {
                Request next = queue.poll();
                if (next == null && !closed) {
                    long wait = waitUntil - System.nanoTime();
                    next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : null;
                }
                if (next == null) {
                    return null;
                }
                if (next.answer().isDone()) {
                    continue;
                }
                if (samples + next.x().length() > settings.maxBatchSize()) {
                    return next;
                }
                batch.add(next);
                samples += next.x().length();
            }
            return null;
        }

        private void run(PredictSession session, List<Request> batch, BatchBuffers buffers) {
            try {
                if (batch.size() == 1) {
                    batch.get(0).answer().complete(session.run(batch.get(0).x()));
                    return;
                }
                NdArray out = session.run(buffers.concatenate(batch.stream().map(Request::x).toList()));
                int row = 0;
                for (Request request : batch) {
                    int rows = request.x().length();
                    request.answer().complete(out.rows(row, row + rows));
                    row += rows;
                }
            } catch (Throwable e) {   // the batch's callers get the failure; the worker serves the next batch
                batch.forEach(r -> r.answer().completeExceptionally(e));
            }
        }
    }

    /**
     * A worker's input arrays, one per batch size, kept between batches: a batch is copied into the array of its
     * size, which the engine copies in turn, so the array can be filled again for the next batch.
     */
    private static final class BatchBuffers {
        private final Shape sampleShape;
        private final int sampleSize;
        private final Object[] bySize;

        BatchBuffers(Shape sampleShape, int maxBatchSize) {
            this.sampleShape = sampleShape;
            this.sampleSize = Math.toIntExact(sampleShape.size());
            this.bySize = new Object[maxBatchSize + 1];
        }

        NdArray concatenate(List<NdArray> parts) {
            int samples = parts.stream().mapToInt(NdArray::length).sum();
            boolean ints = parts.get(0).dataType() == DataType.INT32;
            if (bySize[samples] == null) {
                bySize[samples] = ints ? new int[samples * sampleSize] : new float[samples * sampleSize];
            }
            Object values = bySize[samples];
            int offset = 0;
            for (NdArray part : parts) {
                if (ints) {
                    part.intBuffer().get((int[]) values, offset, part.size());
                } else {
                    part.floatBuffer().get((float[]) values, offset, part.size());
                }
                offset += part.size();
            }
            Shape shape = sampleShape.prepend(samples);
            return ints ? NdArray.wrapInts(shape, (int[]) values) : NdArray.wrapFloats(shape, (float[]) values);
        }
    }
}
