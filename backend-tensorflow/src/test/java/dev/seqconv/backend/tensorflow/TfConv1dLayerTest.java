package dev.seqconv.backend.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.api.autodiff.TapeOps;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.ops.Conv1dLayer;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.conformance.Conv1dLayerKernelSuite;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.op.Ops;

/**
 * The whole-layer Conv1D kernel ({@code TfKernels.conv1dLayer()}) against the composed layer on TensorFlow, and its
 * backward as TensorFlow's own gradient ops instead of the composed comparison, cast and product.
 */
class TfConv1dLayerTest extends Conv1dLayerKernelSuite {

    @Override
    protected Backend backend(boolean fusedKernels) {
        return TensorFlowBackendProvider.backend(fusedKernels);
    }

    @Test
    void backwardIsReluGradAndBiasAddGrad() {
        SeededRandom random = new SeededRandom(3);
        try (Graph graph = new Graph()) {
            TfKernels kernels = new TfKernels(Ops.create(graph), id -> {
                throw new AssertionError("no variables here");
            });
            TapeOps ops = TapeOps.recording(kernels);
            Tensor x = ops.watch(kernels.constant(uniform(random, 2, 9, 4)));
            Tensor kernel = ops.watch(kernels.constant(uniform(random, 3, 4, 5)));
            Tensor bias = ops.watch(kernels.constant(uniform(random, 5)));
            Tensor y = ops.conv1dLayer(new Conv1dLayer(x, kernel, bias, 1, 1, Activation.RELU));
            ops.gradients(ops.sum(y, false, 0, 1, 2), List.of(x, kernel, bias));

            Set<String> types = new HashSet<>();
            graph.operations().forEachRemaining(op -> types.add(((GraphOperation) op).type()));
            assertThat(types).contains("Relu", "BiasAdd", "Conv2D", "ReluGrad", "BiasAddGrad", "Conv2DBackpropInput",
                    "Conv2DBackpropFilter").doesNotContain("Greater", "Cast");
        }
    }

    @Test
    void backwardOverAnEmbeddingIsFoldedIntoTheTable() {
        SeededRandom random = new SeededRandom(5);
        try (Graph graph = new Graph()) {
            TfKernels kernels = new TfKernels(Ops.create(graph), id -> {
                throw new AssertionError("no variables here");
            });
            TapeOps ops = TapeOps.recording(kernels);
            Tensor table = ops.watch(kernels.constant(uniform(random, 8, 4)));
            Tensor ids = kernels.constant(NdArray.ofInts(Shape.of(2, 9), new int[18]));
            Tensor kernel = ops.watch(kernels.constant(uniform(random, 3, 4, 5)));
            Tensor y = ops.conv1dLayer(new Conv1dLayer(ops.gather(table, ids), kernel, null, 1, 1, Activation.RELU));
            List<Tensor> grads = ops.gradients(ops.sum(y, false, 0, 1, 2), List.of(table, kernel));

            assertThat(grads).allSatisfy(g -> assertThat(TfTensor.operandOf(g).op().type()).isEqualTo("Merge"));
            Set<String> types = new HashSet<>();
            graph.operations().forEachRemaining(op -> types.add(((GraphOperation) op).type()));
            assertThat(types).contains("Switch", "SparseTensorDenseMatMul", "MatMul", "Conv2DBackpropFilter");
        }
    }
}
