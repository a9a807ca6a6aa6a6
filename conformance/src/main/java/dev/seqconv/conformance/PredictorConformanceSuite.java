package dev.seqconv.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.inference.PredictionRejectedException;
import dev.seqconv.api.inference.Predictor;
import dev.seqconv.api.inference.PredictorSettings;
import dev.seqconv.api.layers.Conv1D;
import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.Embedding;
import dev.seqconv.api.layers.GRU;
import dev.seqconv.api.layers.GlobalMaxPooling1D;
import dev.seqconv.api.layers.MaxPooling1D;
import dev.seqconv.api.losses.MeanSquaredError;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.spi.Backend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A {@link Predictor} under concurrent load gives the single-threaded answers, isolates bad requests, refuses
 * what it cannot take with a clear exception, and closes cleanly — with each {@link Predictor.Strategy}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class PredictorConformanceSuite {

    private static final int VOCABULARY = 40;

    protected abstract Backend backend();

    /** A small token network of the IMDB network's kinds of layers. */
    private Sequential tokens() {
        Sequential model = Sequential.builder().input(Input.ints(24)).add(Embedding.of(VOCABULARY, 8))
                .add(Conv1D.of(6, 5, Activation.RELU)).add(MaxPooling1D.of(2)).add(Conv1D.of(6, 3, Activation.RELU))
                .add(GlobalMaxPooling1D.of()).add(Dense.of(1, Activation.SIGMOID)).seed(3).build();
        model.compile(backend(), new RMSprop(), new MeanSquaredError());
        return model;
    }

    /** A small Conv1D + GRU regressor, as the Jena network. */
    private Sequential convGru() {
        Sequential model = Sequential.builder().input(Input.floats(12, 5)).add(Conv1D.of(6, 3, Activation.RELU))
                .add(GRU.of(5)).add(Dense.of(2)).seed(4).build();
        model.compile(backend(), new RMSprop(), new MeanSquaredError());
        return model;
    }

    private static NdArray ids(int samples) {
        SeededRandom random = new SeededRandom(9);
        int[] v = new int[samples * 24];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextInt(VOCABULARY);
        }
        return NdArray.wrapInts(Shape.of(samples, 24), v);
    }

    private static NdArray series(int samples) {
        SeededRandom random = new SeededRandom(10);
        float[] v = new float[samples * 12 * 5];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return NdArray.wrapFloats(Shape.of(samples, 12, 5), v);
    }

    private PredictorSettings.Builder settings(Predictor.Strategy strategy) {
        return PredictorSettings.builder().backend(backend()).strategy(strategy).sessions(2).maxBatchSize(16)
                .maxWait(Duration.ofMillis(2)).queueCapacity(256).timeout(Duration.ofSeconds(60));
    }

    /** 16 clients, valid and invalid requests mixed, on a token network and a Conv1D+GRU network. */
    @ParameterizedTest
    @EnumSource(Predictor.Strategy.class)
    void concurrentAnswersEqualSingleThreadedAndBadRequestsFailAlone(Predictor.Strategy strategy) throws Exception {
        for (boolean tokenNetwork : new boolean[] {true, false}) {
            NdArray pool = tokenNetwork ? ids(64) : series(64);
            try (Sequential model = tokenNetwork ? tokens() : convGru();
                 Predictor predictor = Predictor.of(model, settings(strategy).build())) {
                float[] alone = model.predict(pool, 1).toFloatArray();
                PredictorLoad.Report report = new PredictorLoad(pool, alone, tokenNetwork ? VOCABULARY : 0)
                        .run(predictor, 16, Duration.ofMillis(600), 4, 1, 10);
                assertThat(report.failures()).as(report.summary()).isEmpty();
                assertThat(report.valid()).isPositive();
                assertThat(report.invalid()).isPositive();
                assertThat(report.rejected()).isZero();
            }
        }
    }

    /** The predictor keeps the weights it was made with, and one made from a weights file answers alike. */
    @Test
    void weightsAreACopyAndAWeightsFileGivesTheSameAnswers(@TempDir Path dir) {
        NdArray x = ids(8);
        try (Sequential model = tokens();
             Predictor predictor = Predictor.of(model, settings(Predictor.Strategy.MICRO_BATCHING).build())) {
            float[] before = model.predict(x).toFloatArray();
            Path file = dir.resolve("tokens.weights.h5");
            model.saveWeights(file);
            model.fit(x, NdArray.zeros(Shape.of(8, 1)),
                    dev.seqconv.api.training.FitConfig.builder().epochs(2).batchSize(8).build());
            assertThat(predictor.predict(x).toFloatArray()).containsExactly(before);
            try (Predictor fromFile = Predictor.fromWeights(model, file,
                    settings(Predictor.Strategy.SESSIONS).build())) {
                assertThat(fromFile.predict(x).toFloatArray()).containsExactly(before);
            }
        }
    }

    /**
     * More requests than the queue holds: the excess is refused at once, the rest answered correctly. A burst of 32
     * clients is repeated, up to five times, until one overlaps enough to fill the queue: on two cores a burst can
     * happen to run its requests one after another.
     */
    @ParameterizedTest
    @EnumSource(Predictor.Strategy.class)
    void aFullQueueRefusesRequestsClearly(Predictor.Strategy strategy) throws Exception {
        NdArray pool = series(32);
        try (Sequential model = convGru();
             Predictor predictor = Predictor.of(model, settings(strategy).sessions(1).maxBatchSize(1)
                     .queueCapacity(1).build())) {
            float[] alone = model.predict(pool, 1).toFloatArray();
            List<PredictionRejectedException> refused = new ArrayList<>();
            for (int burst = 0; burst < 5 && refused.isEmpty(); burst++) {
                List<Object> outcomes = concurrently(32, 10, (client, n) -> {
                    try {
                        NdArray answer = predictor.predict(pool.rows(client, client + 1));
                        return answer.getFloat(0, 0) == alone[2 * client] ? "ok" : "wrong";
                    } catch (PredictionRejectedException e) {
                        return e;
                    }
                });
                assertThat(outcomes).doesNotContain("wrong").contains("ok");
                outcomes.stream().filter(PredictionRejectedException.class::isInstance)
                        .map(PredictionRejectedException.class::cast).forEach(refused::add);
            }
            assertThat(refused).isNotEmpty().allSatisfy(e -> {
                assertThat(e.reason()).isEqualTo(PredictionRejectedException.Reason.QUEUE_FULL);
                assertThat(e.getMessage()).contains("queueCapacity");
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Predictor.Strategy.class)
    void anExpiredDeadlineIsRefusedClearly(Predictor.Strategy strategy) {
        try (Sequential model = tokens(); Predictor predictor = Predictor.of(model, settings(strategy).build())) {
            assertThatThrownBy(() -> predictor.predict(ids(1), Duration.ofNanos(1)))
                    .isInstanceOfSatisfying(PredictionRejectedException.class, e -> assertThat(e.reason())
                            .isEqualTo(PredictionRejectedException.Reason.DEADLINE_EXCEEDED))
                    .hasMessageContaining("timeout");
            assertThat(predictor.predict(ids(1)).shape()).isEqualTo(Shape.of(1, 1));
        }
    }

    /** Requests accepted before close are answered; later ones, and calls after close, say it is closed. */
    @ParameterizedTest
    @EnumSource(Predictor.Strategy.class)
    void closingAnswersWhatItAcceptedAndRefusesTheRest(Predictor.Strategy strategy) throws Exception {
        NdArray pool = ids(16);
        try (Sequential model = tokens()) {
            float[] alone = model.predict(pool, 1).toFloatArray();
            Predictor predictor = Predictor.of(model, settings(strategy).build());
            CountDownLatch running = new CountDownLatch(8);
            ExecutorService closer = Executors.newSingleThreadExecutor();
            Future<?> closed = closer.submit(() -> {
                running.await();
                predictor.close();
                return null;
            });
            List<Object> outcomes = concurrently(8, 50, (client, n) -> {
                if (n == 0) {
                    running.countDown();
                } else if (n == 49) {
                    closed.get(60, TimeUnit.SECONDS); // each client's last request comes after close, on any engine
                }
                try {
                    float answer = predictor.predict(pool.rows(client, client + 1)).getFloat(0, 0);
                    return Math.abs(answer - alone[client]) <= PredictorLoad.TOLERANCE ? "ok" : "wrong";
                } catch (IllegalStateException e) {
                    return e.getMessage().contains("closed") ? "closed" : e.getMessage();
                }
            });
            closed.get(60, TimeUnit.SECONDS);
            closer.shutdown();
            assertThat(outcomes).containsOnly("ok", "closed").contains("ok");
            assertThatThrownBy(() -> predictor.predict(pool.rows(0, 1))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is closed");
            predictor.close();
        }
    }

    @Test
    void aRequestLargerThanTheBatchLimitIsRefusedWithTheFix() {
        try (Sequential model = tokens();
             Predictor predictor = Predictor.of(model, settings(Predictor.Strategy.MICRO_BATCHING).build())) {
            assertThatThrownBy(() -> predictor.predict(ids(17))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maxBatchSize of 16").hasMessageContaining("x.rows(from, to)");
        }
    }

    /** What one client does for its {@code n}-th request. */
    interface ClientCall {
        Object call(int client, int n) throws Exception;
    }

    /** Runs {@code clients} threads of {@code calls} calls each, started together; every outcome, in no order. */
    static List<Object> concurrently(int clients, int calls, ClientCall call) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Object>>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                futures.add(threads.submit(() -> {
                    start.await();
                    List<Object> outcomes = new ArrayList<>();
                    for (int n = 0; n < calls; n++) {
                        outcomes.add(call.call(client, n));
                    }
                    return outcomes;
                }));
            }
            start.countDown();
            List<Object> all = new ArrayList<>();
            for (Future<List<Object>> f : futures) {
                all.addAll(f.get(60, TimeUnit.SECONDS));
            }
            return all;
        } finally {
            threads.shutdownNow();
        }
    }
}
