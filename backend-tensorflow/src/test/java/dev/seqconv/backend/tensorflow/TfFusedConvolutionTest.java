package dev.seqconv.backend.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.random.SeededRandom;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.types.TFloat32;

/**
 * A Conv1D's {@code relu(conv(x, W) + b)} reaches the graph as {@code Conv2D → BiasAdd → Relu}, the chain Grappler's
 * remapper fuses, and computes what the composed {@code Squeeze → Add → Relu} computes.
 */
class TfFusedConvolutionTest {

    @Test
    void biasAndReluJoinTheConvolutionOnItsImage() {
        SeededRandom random = new SeededRandom(7);
        NdArray x = uniform(Shape.of(3, 9, 4), random);
        NdArray kernel = uniform(Shape.of(3, 4, 5), random);
        NdArray bias = NdArray.ofFloats(Shape.of(5), -0.3f, -0.1f, 0.05f, 0.2f, 0.4f);
        try (Graph graph = new Graph(); Session session = new Session(graph, TensorFlowBackendProvider.sessionConfig())) {
            Ops tf = Ops.create(graph);
            TfKernels kernels = new TfKernels(tf, id -> {
                throw new AssertionError("no variables here");
            });
            Tensor fused = kernels.relu(kernels.add(kernels.conv1d(kernels.constant(x), kernels.constant(kernel), 1, 1),
                    kernels.constant(bias)));

            Operation relu = inputOf(TfTensor.operandOf(fused).op());
            Operation biasAdd = inputOf(relu);
            assertThat(List.of(relu.type(), biasAdd.type(), inputOf(biasAdd).type()))
                    .containsExactly("Relu", "BiasAdd", "Conv2D");

            Operand<TFloat32> image = tf.expandDims(TfTensor.<TFloat32>operandOf(kernels.constant(x)), tf.constant(1));
            Operand<TFloat32> filter = tf.expandDims(TfTensor.<TFloat32>operandOf(kernels.constant(kernel)),
                    tf.constant(0));
            Operand<TFloat32> composed = tf.nn.relu(tf.math.add(tf.squeeze(tf.nn.conv2d(image, filter,
                    List.of(1L, 1L, 1L, 1L), "VALID", Conv2d.dilations(List.of(1L, 1L, 1L, 1L))), Squeeze.axis(1L)),
                    TfTensor.<TFloat32>operandOf(kernels.constant(bias))));
            try (Result result = session.runner().fetch(TfTensor.operandOf(fused)).fetch(composed).run()) {
                float[] got = TfConversions.toHost(result.get(0)).toFloatArray();
                float[] expected = TfConversions.toHost(result.get(1)).toFloatArray();
                assertThat(got).hasSize(3 * 7 * 5).containsExactly(expected, within(1e-6f));
                assertThat(expected).as("outputs the ReLU clips").contains(0f);
                assertThat(IntStream.range(0, expected.length).filter(i -> expected[i] > 0.1f).count())
                        .as("outputs the ReLU keeps").isPositive();
            }
        }
    }

    private static Operation inputOf(Operation op) {
        return ((org.tensorflow.GraphOperation) op).inputs().get(0).op();
    }

    private static NdArray uniform(Shape shape, SeededRandom random) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.uniform(-1, 1);
        }
        return NdArray.wrapFloats(shape, values);
    }
}
