package dev.seqconv.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.Embedding;
import dev.seqconv.api.layers.GRU;
import dev.seqconv.api.layers.LSTM;
import dev.seqconv.api.losses.MeanSquaredError;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.spi.CompiledFunction;
import dev.seqconv.api.spi.EngineBackend;
import dev.seqconv.api.spi.Executor;
import dev.seqconv.api.spi.FunctionDefinition;
import dev.seqconv.api.training.FitConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Recurrences over long sequences: an engine that {@linkplain Backend#graphUnrolling() unrolls them for training}
 * refuses, before tracing anything, to train a GRU over 5,000 steps — naming the layer, the graph's size and the
 * alternatives — and accepts the chapter's recurrent networks; an engine that does not unroll trains the long
 * one. Every engine predicts with it, and accepts a forward pass of any length. "Accepted" is seen without the work: the backend under test is wrapped so that tracing the function in
 * question stops the call with {@link TracingStarted}.
 */
public abstract class LongSequenceConformanceSuite {

    protected abstract Backend backend();

    private static final FitConfig ONE_BATCH_OF_2 = FitConfig.builder().epochs(1).batchSize(2).shuffle(false).build();

    @Test
    void aGruOverFiveThousandStepsIsRefusedBeforeTracingWhereRecurrencesUnrollAndTrainsElsewhere() {
        NdArray[] data = sequences(5_000);
        if (backend().graphUnrolling().isEmpty()) {
            try (Sequential model = gruNetwork(5_000)) {
                model.compile(backend(), new RMSprop(), new MeanSquaredError());
                assertThat(model.fit(data[0], data[1], ONE_BATCH_OF_2).get("loss").get(0)).isFinite();
            }
            return;
        }
        List<String> traced = new ArrayList<>();
        try (Sequential model = gruNetwork(5_000)) {
            model.compile(recording(traced, "train_step"), new RMSprop(), new MeanSquaredError());
            assertThatThrownBy(() -> model.fit(data[0], data[1], ONE_BATCH_OF_2))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unrolled over the time axis")
                    .hasMessageContaining("'gru' (GRU, 5,000 time steps)")
                    .hasMessageContaining("GB before the first step")
                    .hasMessageContaining("Prediction and evaluation are not limited")
                    .hasMessageContaining("--backend nd4j")
                    .hasMessageContaining("Conv1D and MaxPooling1D");
        }
        assertThat(traced).isEmpty();
    }

    @Test
    void theChaptersLongestRecurrencesAreAcceptedForTraining() {
        assertTrainingReachesTracing(Sequential.builder().input(Input.ints(500)).add(Embedding.of(10_000, 32))
                .add(LSTM.of(32)).add(Dense.of(1)).seed(1).build(), NdArray.ofInts(Shape.of(2, 500), new int[2 * 500]));
        assertTrainingReachesTracing(Sequential.builder().input(Input.floats(240, 14)).add(GRU.of(32))
                .add(Dense.of(1)).seed(1).build(), NdArray.zeros(Shape.of(2, 240, 14)));
    }

    @Test
    void aGruOverFiveThousandStepsPredicts() {
        try (Sequential model = gruNetwork(5_000)) {
            model.compile(backend(), new RMSprop(), new MeanSquaredError());
            NdArray prediction = model.predict(sequences(5_000)[0]);
            assertThat(prediction.shape()).isEqualTo(Shape.of(2, 1));
            for (float y : prediction.toFloatArray()) {
                assertThat(y).isFinite();
            }
        }
    }

    @Test
    void aForwardPassOfAnyLengthIsAcceptedForPrediction() {
        int steps = 2_000_000;
        List<String> traced = new ArrayList<>();
        try (Sequential model = gruNetwork(steps)) {
            model.compile(recording(traced, "predict_step"), new RMSprop(), new MeanSquaredError());
            assertThatThrownBy(() -> model.predict(NdArray.zeros(Shape.of(1, steps, 4))))
                    .isInstanceOf(TracingStarted.class);
        }
        assertThat(traced).containsExactly("predict_step");
    }

    private void assertTrainingReachesTracing(Sequential network, NdArray x) {
        List<String> traced = new ArrayList<>();
        try (Sequential model = network) {
            model.compile(recording(traced, "train_step"), new RMSprop(), new MeanSquaredError());
            assertThatThrownBy(() -> model.fit(x, NdArray.zeros(Shape.of(2, 1)), ONE_BATCH_OF_2))
                    .isInstanceOf(TracingStarted.class);
        }
        assertThat(traced).containsExactly("train_step");
    }

    /** {@code Input.floats(steps, 4) → GRU(8) → Dense(1)}, the shape of issue 25's report. */
    private static Sequential gruNetwork(int steps) {
        return Sequential.builder().input(Input.floats(steps, 4)).add(GRU.of(8)).add(Dense.of(1)).seed(1).build();
    }

    private static NdArray[] sequences(int steps) {
        SeededRandom random = new SeededRandom(25);
        float[] x = new float[2 * steps * 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble() - 0.5f;
        }
        return new NdArray[] {NdArray.wrapFloats(Shape.of(2, steps, 4), x),
            NdArray.ofFloats(Shape.of(2, 1), 0.5f, -0.5f)};
    }

    /**
     * The backend under test, with the same capabilities, whose executors log each function they are asked to
     * compile and stop at {@code stopAt} with {@link TracingStarted}, before tracing it.
     */
    private Backend recording(List<String> traced, String stopAt) {
        Backend engine = backend();
        return new EngineBackend(engine.id(), engine.engineVersion(),
                () -> new RecordingExecutor(engine.newExecutor(), traced, stopAt), engine.graphUnrolling());
    }

    /** Thrown where a function would have been traced: the model got past every check to the engine. */
    private static final class TracingStarted extends RuntimeException {
        TracingStarted(String function) {
            super("tracing " + function);
        }
    }

    /** Logs each function it is asked to compile and stops at {@code stopAt}. */
    private static final class RecordingExecutor extends ForwardingExecutor {
        private final List<String> traced;
        private final String stopAt;

        RecordingExecutor(Executor engine, List<String> traced, String stopAt) {
            super(engine);
            this.traced = traced;
            this.stopAt = stopAt;
        }

        @Override
        public CompiledFunction compile(FunctionDefinition definition) {
            traced.add(definition.name());
            if (definition.name().equals(stopAt)) {
                throw new TracingStarted(definition.name());
            }
            return super.compile(definition);
        }
    }
}
