package dev.seqconv.backend.tensorflow;

import static dev.seqconv.backend.tensorflow.TfTensor.operandOf;

import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.SequenceLoop;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.spi.Kernels;
import dev.seqconv.api.spi.LoopKernel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A {@link SequenceLoop} as TensorFlow's while loop ({@code Graph.whileLoop}: the C API's {@code TF_NewWhile},
 * Enter/Merge/Switch/NextIteration/Exit nodes), so a forward function's graph has the step's nodes once, whatever
 * the number of steps. Forward only: TensorFlow Java cannot differentiate the loop ({@code TapeOps} unrolls where it
 * records gradients). The loop's body sees only its loop variables, so everything the step reads travels as one:
 * <pre>
 * [t, states…, outputs (time, batch, …) when every step's output is kept, sequences (time, batch, …)…, constants…]
 * </pre>
 * Each step reads row {@code t} of each time-major sequence and writes its output into row {@code t} of the
 * outputs buffer in place ({@code InplaceUpdate}), so the buffer is allocated once.
 *
 * <p>Loops of fewer than {@link #SHORTEST_LOOP} steps stay unrolled: an iteration costs the step's nodes plus the
 * loop's control flow, so at 74 steps (the Jena Conv1D+GRU network's GRU, batch 1) the loop took 2.6-5.0 ms a call
 * against 1.2-2.3 ms unrolled (docs/engines.md), and a 100-step graph still prepares in about a second.
 */
final class TfLoop implements LoopKernel {

    /** The fewest steps run as a loop. */
    static final int SHORTEST_LOOP = 100;

    private final org.tensorflow.op.Ops tf;

    /** @param tf the op factory of the graph the loop goes into */
    TfLoop(org.tensorflow.op.Ops tf) {
        this.tf = tf;
    }

    @Override
    public int shortestLoop() {
        return SHORTEST_LOOP;
    }

    @Override
    public Tensor forward(SequenceLoop loop, Function<Kernels, Ops> ops) {
        int time = loop.time();
        int states = loop.initialStates().size();
        boolean keepOutputs = loop.returnSequences();
        List<Tensor> carried = new ArrayList<>(loop.initialStates());
        List<Operand<?>> inputs = new ArrayList<>();
        inputs.add(tf.constant(0));
        loop.initialStates().forEach(s -> inputs.add(operandOf(s)));
        Tensor output = loop.initialStates().get(0);
        if (keepOutputs) {
            Operand<TInt32> shape = tf.concat(List.of(tf.constant(new int[] {time}), tf.shape(operandOf(output))),
                    tf.constant(0));
            inputs.add(tf.fill(shape, tf.constant(0f)));
        }
        int sequencesFrom = inputs.size();
        loop.sequences().forEach(x -> inputs.add(tf.linalg.transpose(operandOf(x), tf.constant(swapFirstTwo(x)))));
        int constantsFrom = inputs.size();
        loop.constants().forEach(c -> inputs.add(operandOf(c)));

        Graph graph = (Graph) tf.scope().env();
        Output<?>[] results = graph.whileLoop(inputs.stream().map(Operand::asOutput).toArray(Output<?>[]::new),
                (cond, in, out) -> {
                    org.tensorflow.op.Ops c = org.tensorflow.op.Ops.create(cond);
                    out[0] = c.math.less(int32(in[0]), c.constant(time)).asOutput();
                },
                (body, in, out) -> {
                    org.tensorflow.op.Ops b = org.tensorflow.op.Ops.create(body);
                    Operand<TInt32> t = int32(in[0]);
                    List<Tensor> stepInputs = new ArrayList<>();
                    for (int i = 0; i < loop.sequences().size(); i++) {
                        Tensor x = loop.sequences().get(i);
                        stepInputs.add(new TfTensor(b.ensureShape(b.gather(in[sequencesFrom + i], t, b.constant(0)),
                                withoutTime(x.shape()))));
                    }
                    List<Tensor> previous = new ArrayList<>();
                    for (int i = 0; i < states; i++) {
                        previous.add(shaped(b, in[1 + i], carried.get(i)));
                    }
                    List<Tensor> constants = new ArrayList<>();
                    for (int i = 0; i < loop.constants().size(); i++) {
                        constants.add(shaped(b, in[constantsFrom + i], loop.constants().get(i)));
                    }
                    List<Tensor> next = loop.step().apply(ops.apply(new TfKernels(b, id -> {
                        throw new IllegalStateException("A loop's step reads weights as its constants, not variable "
                                + id);
                    })), stepInputs, previous, constants);
                    out[0] = b.math.add(t, b.constant(1)).asOutput();
                    for (int i = 0; i < states; i++) {
                        out[1 + i] = operandOf(next.get(i)).asOutput();
                    }
                    if (keepOutputs) {
                        out[1 + states] = b.inplaceUpdate(float32(in[1 + states]), b.reshape(t, b.constant(new int[] {1})),
                                b.expandDims(operandOf(next.get(0)), b.constant(0))).asOutput();
                    }
                    for (int i = sequencesFrom; i < in.length; i++) {
                        out[i] = in[i];
                    }
                },
                tf.scope().makeOpName("sequence_loop"));
        if (!keepOutputs) {
            return shaped(tf, results[1], output);
        }
        Operand<TFloat32> timeMajor = float32(results[1 + states]);
        return new TfTensor(tf.ensureShape(tf.linalg.transpose(timeMajor, tf.constant(swapFirstTwo(output.rank() + 1))),
                withTime(output.shape(), time)));
    }

    /** A loop variable with the static shape of the tensor it carries (the loop's nodes do not keep it). */
    private static Tensor shaped(org.tensorflow.op.Ops ops, Output<?> variable, Tensor like) {
        return new TfTensor(ops.ensureShape(variable, TfConversions.shape(like.shape())));
    }

    /** {@code (batch, time, rest…)} without its time axis. */
    private static org.tensorflow.ndarray.Shape withoutTime(Shape sequence) {
        int[] dims = sequence.dims();
        int[] step = new int[dims.length - 1];
        step[0] = dims[0];
        System.arraycopy(dims, 2, step, 1, step.length - 1);
        return TfConversions.shape(Shape.of(step));
    }

    /** {@code (batch, rest…)} with a time axis of {@code time} after the batch. */
    private static org.tensorflow.ndarray.Shape withTime(Shape step, int time) {
        int[] dims = step.dims();
        int[] sequence = new int[dims.length + 1];
        sequence[0] = dims[0];
        sequence[1] = time;
        System.arraycopy(dims, 1, sequence, 2, dims.length - 1);
        return TfConversions.shape(Shape.of(sequence));
    }

    /** The permutation that swaps a tensor's first two axes. */
    private static int[] swapFirstTwo(Tensor x) {
        return swapFirstTwo(x.rank());
    }

    private static int[] swapFirstTwo(int rank) {
        int[] perm = new int[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = i;
        }
        perm[0] = 1;
        perm[1] = 0;
        return perm;
    }

    @SuppressWarnings("unchecked")
    private static Operand<TInt32> int32(Output<?> output) {
        return (Operand<TInt32>) output;
    }

    @SuppressWarnings("unchecked")
    private static Operand<TFloat32> float32(Output<?> output) {
        return (Operand<TFloat32>) output;
    }
}
