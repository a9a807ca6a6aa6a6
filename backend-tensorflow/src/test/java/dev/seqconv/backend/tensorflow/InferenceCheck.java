package dev.seqconv.backend.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seqconv.api.autodiff.TapeOps;
import dev.seqconv.api.layers.CallContext;
import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.Layer;
import dev.seqconv.api.layers.LayerBuild;
import dev.seqconv.api.layers.WeightSpec;
import dev.seqconv.api.layers.Weights;
import dev.seqconv.api.losses.MeanSquaredError;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.spi.EngineBackend;
import dev.seqconv.api.spi.Executor;
import dev.seqconv.api.spi.FunctionDefinition;
import dev.seqconv.api.spi.FunctionResult;
import dev.seqconv.api.spi.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A layer's output where a function computes no gradients ({@code TapeOps.inference}: the engine's loops and
 * inference kernels) against the same layer on a recording tape (unrolled, composed), and the size of a prediction
 * graph: what {@link TfLoopTest}, {@link TfRecurrencesTest}, {@link TfConv1dInferenceTest} and {@link
 * TfMaxPool1dInferenceTest} check.
 */
final class InferenceCheck {

    private InferenceCheck() {
    }

    /**
     * Skips the calling test class (with the reason) where the build had no gcc; where it did, seqconv's operations
     * must load.
     */
    static void assumeOperationsLoad() {
        assumeTrue(TfNativeOps.class.getResource(TfNativeOps.resource()) != null,
                "this build has no " + TfNativeOps.resource() + " (the native-ops profile builds it on Linux x86-64 "
                        + "where gcc is installed)");
        assertThat(TfNativeOps.available()).as("the library in the jar loads").isTrue();
    }

    /** An input {@code (batch, steps, features)} uniform in ±{@code inputScale} and the layer's weights in ±0.6. */
    static List<NdArray> arguments(Layer layer, int batch, int steps, int features, double inputScale,
                                   SeededRandom random) {
        List<NdArray> arguments = new ArrayList<>();
        arguments.add(uniform(Shape.of(batch, steps, features), inputScale, random));
        for (WeightSpec w : layer.build(Shape.of(Shape.UNKNOWN, steps, features)).weights()) {
            arguments.add(uniform(w.shape(), 0.6, random));
        }
        return arguments;
    }

    private static NdArray uniform(Shape shape, double scale, SeededRandom random) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.uniform(-scale, scale);
        }
        return NdArray.wrapFloats(shape, values);
    }

    /**
     * The layer's output on TensorFlow for {@code arguments} (input, then weights): unrolled on a recording tape
     * (whose gradients are never asked for), then on an inference tape.
     *
     * @param fusedKernels whether the executor offers its fused and inference kernels
     */
    static List<NdArray> recordedAndInference(Layer layer, List<NdArray> arguments, boolean fusedKernels) {
        Shape input = arguments.get(0).shape();
        LayerBuild build = layer.build(Shape.of(Shape.UNKNOWN, input.dim(1), input.dim(2)));
        List<TensorSpec> specs = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            specs.add(new TensorSpec("in" + i, arguments.get(i).shape(), arguments.get(i).dataType()));
        }
        List<NdArray> outputs = new ArrayList<>();
        try (Executor executor = new TfExecutor(TensorFlowBackendProvider.sessionConfig(), fusedKernels)) {
            for (boolean inference : new boolean[] {false, true}) {
                outputs.add(executor.compile(new FunctionDefinition(inference ? "inference" : "recorded", specs,
                        (kernels, in) -> {
                            TapeOps ops = inference ? TapeOps.inference(kernels) : TapeOps.recording(kernels);
                            return new FunctionResult(List.of(layer.call(ops, in.get(0),
                                    Weights.of(build.weights(), in.subList(1, in.size())), CallContext.inference())),
                                    List.of());
                        })).call(arguments).get(0));
            }
        }
        return outputs;
    }

    /**
     * The nodes of a model's graph once it has predicted a batch of 2: {@code layers} over {@code steps} steps of 3
     * features, then {@code Dense(1)}.
     */
    static long predictionGraphSize(List<Layer> layers, int steps, boolean fusedKernels) {
        AtomicReference<TfExecutor> executor = new AtomicReference<>();
        EngineBackend backend = new EngineBackend("tensorflow", "test", () -> {
            executor.set(new TfExecutor(TensorFlowBackendProvider.sessionConfig(), fusedKernels));
            return executor.get();
        }, Optional.of(TensorFlowBackendProvider.UNROLLING));
        Sequential.Builder builder = Sequential.builder().input(Input.floats(steps, 3));
        layers.forEach(builder::add);
        try (Sequential model = builder.add(Dense.of(1)).seed(1).build()) {
            model.compile(backend, new RMSprop(), new MeanSquaredError());
            NdArray prediction = model.predict(NdArray.zeros(Shape.of(2, steps, 3)));
            assertThat(prediction.shape()).isEqualTo(Shape.of(2, 1));
            return executor.get().graphSize();
        }
    }
}
