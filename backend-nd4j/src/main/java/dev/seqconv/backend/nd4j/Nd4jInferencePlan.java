package dev.seqconv.backend.nd4j;

import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.spi.InferencePlan;
import java.nio.FloatBuffer;
import java.util.List;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.PointerScope;

/**
 * A model's forward pass on ND4J's oneDNN for one batch size, as {@link InferencePlanBuilder} made it: an input
 * stage (the Embedding's row copies, or a copy of float input) into a buffer, then one oneDNN primitive per layer
 * ({@code forward_inference}, weights reordered once into the layout each chose, bias and activation fused as
 * post-ops) from buffer to buffer (a recurrent layer read backwards that returns its sequence: its primitive, then a
 * copy that puts the steps in Keras's order), then a copy out of the last buffer. Every primitive, buffer,
 * argument map and the stream were made with the plan, inside {@link #natives}; a call allocates nothing native.
 * Its primitives are its own, made in {@code scratchpad_mode::user} with the plan's scratchpad, so nothing is
 * shared with another plan or thread. One thread at a time.
 */
final class Nd4jInferencePlan implements InferencePlan {

    /** What copies a call's input into the first buffer. */
    interface Input {

        /** Copies {@code x} (already checked against the plan's batch shape and type) in. */
        void copyIn(NdArray x);
    }

    /** One stage of a call after the input is in, from buffer to buffer. */
    interface Step {

        /** Runs the stage on the plan's {@code stream}. */
        void run(stream stream);
    }

    /**
     * One primitive with its arguments bound to the plan's buffers.
     *
     * @param team whether it runs with the calling thread's OpenMP team, as it was made, or on that thread alone
     *             ({@link KernelThreads})
     */
    record PrimitiveStep(primitive primitive, IntMemoryMap arguments, boolean team) implements Step {

        @Override
        public void run(stream stream) {
            KernelThreads.withTeam(team, () -> {
                primitive.execute(stream, arguments);
                return null;
            });
        }
    }

    /** A copy between buffers in Java, once the primitives before it have finished. */
    record CopyStep(Runnable copy) implements Step {

        @Override
        public void run(stream stream) {
            stream._wait();
            copy.run();
        }
    }

    private final Shape inputShape;
    private final DataType inputType;
    private final Input input;
    private final List<Step> steps;
    private final FloatBuffer output;
    private final Shape outputShape;
    private final stream stream;
    private final PointerScope natives;
    private boolean closed;

    /**
     * @param inputShape  the input's shape, the batch size first
     * @param natives     the scope holding every native object the plan uses, freed by {@link #close}
     */
    Nd4jInferencePlan(Shape inputShape, DataType inputType, Input input, List<Step> steps, FloatBuffer output,
                      Shape outputShape, stream stream, PointerScope natives) {
        this.inputShape = inputShape;
        this.inputType = inputType;
        this.input = input;
        this.steps = List.copyOf(steps);
        this.output = output;
        this.outputShape = outputShape;
        this.stream = stream;
        this.natives = natives;
    }

    @Override
    public int batchSize() {
        return inputShape.dim(0);
    }

    @Override
    public NdArray run(NdArray x) {
        if (closed) {
            throw new IllegalStateException("The inference plan is closed");
        }
        if (!x.shape().equals(inputShape) || x.dataType() != inputType) {
            throw new IllegalArgumentException("The inference plan takes " + inputType + " " + inputShape + ", got "
                    + x.dataType() + " " + x.shape() + "; make a plan for that batch size");
        }
        input.copyIn(x);
        for (Step step : steps) {
            step.run(stream);
        }
        stream._wait();
        float[] values = new float[output.capacity()];
        output.get(0, values);
        return NdArray.wrapFloats(outputShape, values);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            natives.deallocate();
        }
    }
}
