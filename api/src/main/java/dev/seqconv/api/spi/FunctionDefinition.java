package dev.seqconv.api.spi;

import dev.seqconv.api.ndarray.NdArray;
import java.util.List;

/**
 * A function to compile on an executor: its name, the specs of its inputs, and its body.
 *
 * @param name   a readable name, e.g. {@code train_step}
 * @param inputs what each input must look like
 * @param body   the computation
 */
public record FunctionDefinition(String name, List<TensorSpec> inputs, KernelFunction body) {

    public FunctionDefinition {
        inputs = List.copyOf(inputs);
    }

    /**
     * Checks call arguments against the specs, so that engines never see a mismatched array.
     *
     * @throws IllegalArgumentException naming the first input that does not fit
     */
    public void checkArguments(List<NdArray> arguments) {
        if (arguments.size() != inputs.size()) {
            throw new IllegalArgumentException(
                    name + " takes " + inputs.size() + " inputs " + inputs + ", got " + arguments.size());
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (!inputs.get(i).accepts(arguments.get(i))) {
                throw new IllegalArgumentException(name + ": input '" + inputs.get(i).name() + "' must be "
                        + inputs.get(i).shape() + " " + inputs.get(i).dataType() + ", got "
                        + arguments.get(i).shape() + " " + arguments.get(i).dataType());
            }
        }
    }
}
