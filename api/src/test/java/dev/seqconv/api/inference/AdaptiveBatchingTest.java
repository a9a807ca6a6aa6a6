package dev.seqconv.api.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.ops.Variable;
import dev.seqconv.api.spi.AbstractExecutor;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.spi.CompiledFunction;
import dev.seqconv.api.spi.EngineBackend;
import dev.seqconv.api.spi.FunctionDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Predictor.Strategy#ADAPTIVE} over an engine that records its calls: a lone request runs on the calling
 * thread without waiting for a batching window, requests arriving while the session is busy run as one batch,
 * every request gets its own rows, and closing waits for a request running alone.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdaptiveBatchingTest {

    private static final int FEATURES = 3;
    /** Longer than any test runs: a batch that waited for it would show as a refused request. */
    private static final Duration LONG_WAIT = Duration.ofSeconds(100);

    /** One engine call: how many samples it ran and on which thread. */
    private record Call(int samples, Thread thread) {
    }

    /**
     * An engine whose prediction is the sum of each sample's values, recording every call; its first call can
     * be held at a gate until the test opens it.
     */
    private static final class RecordingEngine {
        final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
        final AtomicReference<CountDownLatch> firstCallGate = new AtomicReference<>();
        final CountDownLatch firstCallEntered = new CountDownLatch(1);
        final AtomicInteger running = new AtomicInteger();
        final AtomicBoolean closedDuringACall = new AtomicBoolean();
        final Backend backend = new EngineBackend("recording", "recording engine", Executor::new);

        static float[] sums(NdArray x) {
            float[] values = x.toFloatArray();
            float[] sums = new float[x.length()];
            for (int i = 0; i < values.length; i++) {
                sums[i / FEATURES] += values[i];
            }
            return sums;
        }

        private final class Executor extends AbstractExecutor {
            private final List<NdArray> values = new ArrayList<>();

            Executor() {
                super("recording");
            }

            @Override
            protected void allocate(Variable variable, NdArray initialValue) {
                values.add(initialValue);
            }

            @Override
            protected NdArray readValue(Variable variable) {
                return values.get(variable.id());
            }

            @Override
            protected void writeValue(Variable variable, NdArray value) {
                values.set(variable.id(), value);
            }

            @Override
            protected CompiledFunction prepare(FunctionDefinition definition) {
                return inputs -> {
                    running.incrementAndGet();
                    try {
                        NdArray x = inputs.get(0);
                        calls.add(new Call(x.length(), Thread.currentThread()));
                        CountDownLatch gate = firstCallGate.getAndSet(null);
                        if (gate != null) {
                            firstCallEntered.countDown();
                            gate.await();
                        }
                        return List.of(NdArray.wrapFloats(Shape.of(x.length(), 1), sums(x)));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    } finally {
                        running.decrementAndGet();
                    }
                };
            }

            @Override
            protected void release() {
                if (running.get() > 0) {
                    closedDuringACall.set(true);
                }
            }
        }
    }

    private static Sequential model() {
        return Sequential.builder().name("adaptive").input(Input.floats(FEATURES)).add(Dense.of(1)).seed(1).build();
    }

    private static PredictorSettings.Builder settings(RecordingEngine engine) {
        return PredictorSettings.builder().backend(engine.backend).maxBatchSize(32).maxWait(LONG_WAIT)
                .timeout(Duration.ofSeconds(30));
    }

    private static NdArray samples(int from, int count) {
        float[] v = new float[count * FEATURES];
        for (int i = 0; i < v.length; i++) {
            v[i] = from * FEATURES + i;
        }
        return NdArray.wrapFloats(Shape.of(count, FEATURES), v);
    }

    @Test
    void theDefaultRunsALoneRequestAtOnceOnTheCallingThread() {
        RecordingEngine engine = new RecordingEngine();
        try (Sequential model = model(); Predictor predictor = Predictor.of(model, settings(engine).build())) {
            assertThat(predictor.strategy()).isEqualTo(Predictor.Strategy.ADAPTIVE);
            NdArray x = samples(0, 2);
            // a request that waited for the batching window would be refused: its deadline comes first
            assertThat(predictor.predict(x, LONG_WAIT.dividedBy(2)).toFloatArray())
                    .containsExactly(RecordingEngine.sums(x));
            assertThat(engine.calls).containsExactly(new Call(2, Thread.currentThread()));
        }
    }

    @Test
    void requestsArrivingWhileTheSessionIsBusyRunAsOneBatch() throws Exception {
        RecordingEngine engine = new RecordingEngine();
        CountDownLatch gate = new CountDownLatch(1);
        engine.firstCallGate.set(gate);
        int followers = 8;
        try (Sequential model = model()) {
            PredictorSettings settings = settings(engine).build();
            Admission admission = new Admission(model.name(), 64);
            PredictSession session = new PredictSession(engine.backend, model.stack(), model.weights(),
                    settings.maxBatchSize());
            MicroBatching serving = new MicroBatching(model.name(), List.of(session), settings, admission, true);
            ExecutorService clients = Executors.newFixedThreadPool(1 + followers);
            try {
                List<Future<float[]>> answers = new ArrayList<>();
                answers.add(clients.submit(() -> predict(serving, 0)));
                assertThat(engine.firstCallEntered.await(30, TimeUnit.SECONDS)).isTrue();
                for (int i = 1; i <= followers; i++) {
                    int sample = i;
                    answers.add(clients.submit(() -> predict(serving, sample)));
                }
                // every follower is queued, but perhaps one, which the worker holds while the session is busy
                while (serving.queued() < followers - 1) {
                    Thread.sleep(1);
                }
                gate.countDown();
                for (int i = 0; i <= followers; i++) {
                    assertThat(answers.get(i).get(30, TimeUnit.SECONDS)).containsExactly(RecordingEngine.sums(
                            samples(i, 1)));
                }
            } finally {
                clients.shutdownNow();
                admission.close();
                serving.drain();
                session.close();
            }
            List<Call> calls = List.copyOf(engine.calls);
            assertThat(calls.get(0).samples()).isEqualTo(1);
            assertThat(calls).hasSizeLessThanOrEqualTo(3);
            assertThat(calls.subList(1, calls.size())).allSatisfy(c -> assertThat(c.thread().getName())
                    .startsWith("seqconv-predictor-"));
            assertThat(calls.stream().mapToInt(Call::samples).max().orElseThrow()).isGreaterThanOrEqualTo(followers - 1);
        }
    }

    private static float[] predict(Serving serving, int sample) {
        return serving.predict(samples(sample, 1), System.nanoTime() + TimeUnit.SECONDS.toNanos(30)).toFloatArray();
    }

    @Test
    void concurrentClientsGetTheirOwnRows() throws Exception {
        RecordingEngine engine = new RecordingEngine();
        int clients = 16;
        int requests = 40;
        try (Sequential model = model(); Predictor predictor = Predictor.of(model, settings(engine).build())) {
            ExecutorService threads = Executors.newFixedThreadPool(clients);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> samplesSent = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    int client = c;
                    samplesSent.add(threads.submit(() -> {
                        start.await();
                        int sent = 0;
                        for (int n = 0; n < requests; n++) {
                            int from = client * requests + n;
                            int count = 1 + (client + n) % 3;
                            NdArray x = samples(from, count);
                            assertThat(predictor.predict(x).toFloatArray()).containsExactly(RecordingEngine.sums(x));
                            sent += count;
                        }
                        return sent;
                    }));
                }
                start.countDown();
                int sent = 0;
                for (Future<Integer> f : samplesSent) {
                    sent += f.get(30, TimeUnit.SECONDS);
                }
                assertThat(engine.calls.stream().mapToInt(Call::samples).sum()).isEqualTo(sent);
                assertThat(engine.calls).hasSizeLessThanOrEqualTo(clients * requests);
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void closingWaitsForARequestRunningAlone() throws Exception {
        RecordingEngine engine = new RecordingEngine();
        CountDownLatch gate = new CountDownLatch(1);
        engine.firstCallGate.set(gate);
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try (Sequential model = model()) {
            Predictor predictor = Predictor.of(model, settings(engine).build());
            NdArray x = samples(0, 1);
            Future<float[]> alone = threads.submit(() -> predictor.predict(x).toFloatArray());
            assertThat(engine.firstCallEntered.await(30, TimeUnit.SECONDS)).isTrue();
            Thread closer = new Thread(predictor::close);
            closer.start();
            // open the gate once close has returned, or waits with the queue's worker gone: for the running call
            while (closer.isAlive() && !(refusesAsClosed(predictor) && workerGone(model.name())
                    && closer.getState() == Thread.State.WAITING)) {
                Thread.sleep(1);
            }
            gate.countDown();
            closer.join();
            assertThat(alone.get(30, TimeUnit.SECONDS)).containsExactly(RecordingEngine.sums(x));
            assertThat(engine.closedDuringACall).isFalse();
        } finally {
            threads.shutdownNow();
        }
    }

    private static boolean workerGone(String modelName) {
        return Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("seqconv-predictor-" + modelName + "-"));
    }

    /** Whether the predictor refuses requests as closed, asked with one that never reaches its queue. */
    private static boolean refusesAsClosed(Predictor predictor) {
        try {
            predictor.predict(NdArray.zeros(Shape.of(1, FEATURES + 1)));
        } catch (IllegalStateException e) {
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
        throw new AssertionError("a request of the wrong shape was answered");
    }
}
