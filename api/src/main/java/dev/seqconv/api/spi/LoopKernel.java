package dev.seqconv.api.spi;

import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.SequenceLoop;
import dev.seqconv.api.ops.Tensor;
import java.util.function.Function;

/**
 * An engine's loop over time, a capability it may offer through {@link Kernels#loop()}: a {@link SequenceLoop}
 * run forward with its step traced once, so that a graph engine's function does not grow with the number of
 * steps. Not differentiable: {@code TapeOps} runs it only for functions that compute no gradients (prediction,
 * evaluation) and unrolls the loop for those that do, and on engines without one; both forms are held to the same
 * tests.
 */
public interface LoopKernel {

    /**
     * The loop's result, as {@link dev.seqconv.api.ops.Ops#loop} defines it.
     *
     * @param loop the loop
     * @param ops  makes the operations that the step is traced with, on the kernels of the engine's loop body
     */
    Tensor forward(SequenceLoop loop, Function<Kernels, Ops> ops);

    /**
     * The fewest steps the engine runs as a loop: shorter loops are unrolled, where an unrolled step runs faster per
     * call than a loop's iteration and the graph stays small.
     */
    default int shortestLoop() {
        return 1;
    }
}
