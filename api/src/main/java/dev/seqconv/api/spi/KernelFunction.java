package dev.seqconv.api.spi;

import dev.seqconv.api.ops.Tensor;
import java.util.List;

/**
 * The body of a function, written once against {@link Kernels}: graph engines call it once with symbolic
 * inputs, eager engines once per call with concrete ones. It must not keep tensors between calls.
 */
@FunctionalInterface
public interface KernelFunction {

    FunctionResult apply(Kernels kernels, List<Tensor> inputs);
}
