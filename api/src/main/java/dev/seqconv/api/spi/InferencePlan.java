package dev.seqconv.api.spi;

import dev.seqconv.api.ndarray.NdArray;

/**
 * A model's forward pass without gradients compiled by an engine for one batch size: whole-layer kernels over
 * memory allocated once, with the weights copied in once. A {@link #run} copies the input in, runs the kernels and
 * copies the output out, allocating no native memory. A capability an engine may offer through {@link
 * Executor#plan}; stacks it cannot plan run the composed prediction function, and the conformance kit holds both
 * to the same results. One thread at a time, as the executor that made it; closing it frees its native memory.
 */
public interface InferencePlan extends AutoCloseable {

    /** The batch size the plan was made for; {@link #run} takes exactly that many samples. */
    int batchSize();

    /** The model's outputs for {@code x}, of the planned batch size and the model's input shape and type. */
    NdArray run(NdArray x);

    @Override
    void close();
}
