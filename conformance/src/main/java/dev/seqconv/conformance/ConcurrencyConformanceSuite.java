package dev.seqconv.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.conformance.reference.RefArray;
import dev.seqconv.api.losses.MeanSquaredError;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.spi.Backend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Models that run at the same time in one JVM — as in a service or a Spark executor — give exactly the answers
 * they give alone: whatever an engine shares between models and threads (primitive caches, scratch buffers,
 * streams, worker pools, workspaces) may not leak one model's work into another's.
 */
public abstract class ConcurrencyConformanceSuite {

    protected abstract Backend backend();

    /**
     * Issue 11's reproduction: two models of one Conv1D geometry, each predicting the same 512-sample batch over
     * and over on its own thread.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void modelsOfOneGeometryPredictOnTwoThreadsAsTheyDoAlone() throws Exception {
        NdArray x = RefArray.uniform(new SeededRandom(5), -1, 1, 512, 20, 8).toFloat32();
        List<Sequential> models = List.of(ConcurrencyWorkload.convFlattenDense(10),
                ConcurrencyWorkload.convFlattenDense(11));
        ExecutorService threads = Executors.newFixedThreadPool(models.size());
        try {
            List<float[]> alone = new ArrayList<>();
            for (Sequential model : models) {
                model.compile(backend(), new RMSprop(), new MeanSquaredError());
                alone.add(model.predict(x, 512).toFloatArray());
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> differing = new ArrayList<>();
            for (int m = 0; m < models.size(); m++) {
                Sequential model = models.get(m);
                float[] expected = alone.get(m);
                differing.add(threads.submit(() -> {
                    start.await();
                    int wrong = 0;
                    for (int repeat = 0; repeat < 200; repeat++) {
                        if (!Arrays.equals(model.predict(x).toFloatArray(), expected)) {
                            wrong++;
                        }
                    }
                    return wrong;
                }));
            }
            start.countDown();
            for (int m = 0; m < models.size(); m++) {
                assertThat(differing.get(m).get()).as("predictions of model %d that differ from its single-threaded "
                        + "prediction", m).isZero();
            }
        } finally {
            threads.shutdownNow();
            models.forEach(Sequential::close);
        }
    }

    /**
     * Six models (three geometries, two models each) on six threads, each running its own interleaving of
     * {@code fit}, {@code predict} and {@code evaluate} with batch sizes drawn from a seed: every figure equals
     * the single-threaded run's, and nothing hangs.
     */
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void interleavedTrainingAndPredictionOnSixThreadsMatchesSingleThreadedRuns() {
        ConcurrencyWorkload.Outcome outcome = ConcurrencyWorkload.of(backend(), 7, 6, 10, 96).run(60);
        assertThat(outcome.hung()).as("models whose calls did not finish").isEmpty();
        assertThat(outcome.mismatches()).as("figures that differ from the single-threaded run").isEmpty();
        assertThat(outcome.calls()).isEqualTo(60);
    }
}
