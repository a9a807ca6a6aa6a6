package dev.seqconv.api.spi;

import dev.seqconv.api.ndarray.NdArray;
import java.util.List;

/** A {@link FunctionDefinition} ready to run on its executor. */
public interface CompiledFunction {

    /**
     * Runs the function: returns its outputs, then applies its assignments to the executor's variables, all
     * computed from the values the variables had before the call.
     *
     * @throws IllegalArgumentException if the inputs do not match the definition's input specs
     */
    List<NdArray> call(List<NdArray> inputs);
}
