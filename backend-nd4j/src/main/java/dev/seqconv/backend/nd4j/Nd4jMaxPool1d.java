package dev.seqconv.backend.nd4j;

import static dev.seqconv.backend.nd4j.Nd4jTensor.arrayOf;

import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.spi.MaxPool1dKernel;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max pooling for training on oneDNN's pooling primitives ({@link OneDnnMaxPool1d}, whose Javadoc gives the formula):
 * the forward keeps the maxima's positions (oneDNN's workspace, one byte an output), from which the backward
 * routes the gradient in one pass. The composed form, {@link LoopKernels#maxPool1d} and {@link
 * LoopKernels#maxPool1dGradient}, searches every window again backward. Where {@code x} is a fused ReLU's output
 * ({@link Nd4jTensor#ofReluOutput}: a Conv1D layer's), the backward also applies the ReLU's gate, on the pooled
 * gradient, and says so ({@link Nd4jTensor#gated}), so the layer's backward skips its own pass over {@code x}: the
 * gradient is the same, and the gate's pass is over the pooled size.
 */
final class Nd4jMaxPool1d implements MaxPool1dKernel {

    @Override
    public Run forward(Tensor x, int poolSize, int stride) {
        long[] shape = arrayOf(x).shape();
        INDArray reluOutput = Nd4jTensor.reluOutput(x);
        OneDnnMaxPool1d pool = OneDnnMaxPool1d.acquire(shape, poolSize, stride);
        OneDnnMaxPool1d.Pooled pooled;
        try {
            pooled = pool.forward(arrayOf(x));
        } finally {
            pool.release();
        }
        return new Run() {
            @Override
            public Tensor output() {
                return new Nd4jTensor(pooled.output());
            }

            @Override
            public Tensor backward(Tensor dOutput) {
                OneDnnMaxPool1d again = OneDnnMaxPool1d.acquire(shape, poolSize, stride);
                try {
                    return reluOutput == null
                            ? new Nd4jTensor(again.inputGradient(pooled.workspace(), arrayOf(dOutput)))
                            : Nd4jTensor.gated(again.gatedInputGradient(pooled.workspace(), pooled.output(),
                                    arrayOf(dOutput)), reluOutput);
                } finally {
                    again.release();
                }
            }
        };
    }
}
