package dev.seqconv.api.spi;

import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.ops.Variable;
import java.util.List;

/**
 * What a {@link KernelFunction} produces: outputs returned to the caller, and new values for variables.
 *
 * @param outputs     tensors copied back to the host, in order
 * @param assignments new variable values, applied after the outputs are computed
 */
public record FunctionResult(List<Tensor> outputs, List<Assignment> assignments) {

    public FunctionResult {
        outputs = List.copyOf(outputs);
        assignments = List.copyOf(assignments);
    }

    /** A new value for a variable. */
    public record Assignment(Variable variable, Tensor value) {
    }
}
