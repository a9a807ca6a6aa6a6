package dev.seqconv.backend.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.GRU;
import dev.seqconv.api.layers.LSTM;
import dev.seqconv.api.layers.Layer;
import dev.seqconv.api.layers.SimpleRNN;
import dev.seqconv.api.losses.MeanSquaredError;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.api.spi.EngineBackend;
import dev.seqconv.api.training.FitConfig;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Holds the unrolled-graph estimate to TensorFlow's graph: what each time step of a recurrent layer adds to a
 * model that has trained, evaluated and predicted — the training function alone, as evaluation and prediction run
 * the recurrence as a loop from {@link TfLoop#SHORTEST_LOOP} steps on — is three times the operations the layer declares a step
 * ({@code LayerBuild.unrolledOperations}), within 12 %. Fails when a layer's composition changes and its
 * declared count does not.
 */
class TfUnrolledGraphSizeTest {

    @Test
    void eachTimeStepAddsThreeTimesTheDeclaredOperations() {
        for (Layer layer : new Layer[] {GRU.of(4), LSTM.of(4), SimpleRNN.of(4)}) {
            long declared = layer.build(Shape.of(Shape.UNKNOWN, 1, 3)).unrolledOperations();
            int loop = TfLoop.SHORTEST_LOOP;
            double counted = (graphSize(layer, loop + 10) - graphSize(layer, loop)) / 10.0;
            assertThat(counted).as(layer.typeName()).isBetween(0.88 * 3 * declared, 1.12 * 3 * declared);
        }
    }

    /** The graph of a model over {@code steps} steps once it has trained, evaluated and predicted. */
    private static long graphSize(Layer layer, int steps) {
        AtomicReference<TfExecutor> executor = new AtomicReference<>();
        EngineBackend backend = new EngineBackend("tensorflow", "test", () -> {
            executor.set(new TfExecutor(TensorFlowBackendProvider.sessionConfig()));
            return executor.get();
        }, Optional.of(TensorFlowBackendProvider.UNROLLING));
        try (Sequential model = Sequential.builder().input(Input.floats(steps, 3)).add(layer).add(Dense.of(1)).seed(1)
                .build()) {
            model.compile(backend, new RMSprop(), new MeanSquaredError());
            NdArray x = NdArray.zeros(Shape.of(2, steps, 3));
            NdArray y = NdArray.zeros(Shape.of(2, 1));
            model.fit(x, y, FitConfig.builder().epochs(1).batchSize(2).build());
            model.evaluate(x, y);
            model.predict(x);
            return executor.get().graphSize();
        }
    }
}
