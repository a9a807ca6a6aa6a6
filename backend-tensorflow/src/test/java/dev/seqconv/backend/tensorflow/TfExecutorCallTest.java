package dev.seqconv.backend.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.spi.CompiledFunction;
import dev.seqconv.api.spi.FunctionDefinition;
import dev.seqconv.api.spi.FunctionResult;
import dev.seqconv.api.spi.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * What a TensorFlow call costs outside the kernels: a Conv1D's bias and activation traced on its height-1 image in
 * the order Grappler fuses ({@code Conv2D → BiasAdd → Relu → Squeeze}) with the same values, and the input tensors
 * a function keeps between calls, refilled with each call's arguments whatever batch sizes come.
 */
class TfExecutorCallTest {

    @Test
    void convolutionBiasAndActivationRunOnTheImageWithTheSameValues() {
        int time = 6;
        int channels = 3;
        int filters = 2;
        int width = 3;
        Random random = new Random(3);
        float[] x = floats(random, time * channels);
        float[] kernel = floats(random, width * channels * filters);
        float[] bias = floats(random, filters);
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            TfKernels k = new TfKernels(Ops.create(graph), id -> {
                throw new AssertionError("no variables here");
            });
            Tensor y = k.relu(k.add(k.conv1d(k.constant(NdArray.wrapFloats(Shape.of(1, time, channels), x)),
                    k.constant(NdArray.wrapFloats(Shape.of(width, channels, filters), kernel)), 1, 1),
                    k.constant(NdArray.wrapFloats(Shape.of(filters), bias))));
            Tensor pooled = k.maxPool1d(y, 2, 2);

            assertThat(chain(TfTensor.operandOf(y).op(), 4)).containsExactly("Squeeze", "Relu", "BiasAdd", "Conv2D");
            assertThat(chain(TfTensor.operandOf(pooled).op(), 3)).containsExactly("Squeeze", "MaxPool", "Relu");
            try (Result result = session.runner().fetch(TfTensor.operandOf(y)).run()) {
                float[] values = TfConversions.toHost(result.get(0)).toFloatArray();
                for (int t = 0; t < time - width + 1; t++) {
                    for (int f = 0; f < filters; f++) {
                        double sum = bias[f];
                        for (int i = 0; i < width; i++) {
                            for (int c = 0; c < channels; c++) {
                                sum += x[(t + i) * channels + c] * kernel[(i * channels + c) * filters + f];
                            }
                        }
                        assertThat(values[t * filters + f]).isCloseTo((float) Math.max(0, sum), within(1e-5f));
                    }
                }
            }
        }
    }

    @Test
    void keptInputTensorsTakeEachCallsArguments() {
        FunctionDefinition doubled = new FunctionDefinition("doubled",
                List.of(new TensorSpec("x", Shape.of(Shape.UNKNOWN, 3), DataType.FLOAT32)),
                (k, inputs) -> new FunctionResult(List.of(k.multiply(inputs.get(0), k.scalar(2f))), List.of()));
        Random random = new Random(5);
        try (TfExecutor executor = new TfExecutor(TensorFlowBackendProvider.sessionConfig())) {
            CompiledFunction function = executor.compile(doubled);
            for (int batch : new int[] {1, 2, 3, 4, 5, 6, 1, 2, 2}) {   // more sizes than kept: some are remade
                float[] x = floats(random, batch * 3);
                float[] y = function.call(List.of(NdArray.wrapFloats(Shape.of(batch, 3), x))).get(0).toFloatArray();
                float[] expected = new float[x.length];
                for (int i = 0; i < x.length; i++) {
                    expected[i] = 2 * x[i];
                }
                assertThat(y).as("batch %d", batch).containsExactly(expected);
            }
        }
    }

    /** The types of {@code op} and of its first inputs' ops, {@code length} deep. */
    private static List<String> chain(org.tensorflow.Operation op, int length) {
        List<String> types = new ArrayList<>();
        GraphOperation at = (GraphOperation) op;
        for (int i = 0; i < length; i++) {
            types.add(at.type());
            if (at.numInputs() > 0) {
                at = (GraphOperation) at.input(0).op();
            }
        }
        return types;
    }

    private static float[] floats(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
