package dev.seqconv.api.ops;

import java.util.List;

/**
 * A recurrence over the time axis of one or more sequences (see {@link Ops#loop}): from the initial states, each
 * time step computes new states from that step of every sequence, the previous states and the constants; the first
 * state is the step's output. With {@code x^i_t} step {@code t} of sequence {@code i}:
 * <pre>
 * s_0 = initialStates,    s_{t+1} = step(x^0_t, x^1_t, …; s_t; constants),    y_t = s_{t+1}[0]
 * result = returnSequences ? [y_0 … y_{T−1}] stacked on axis 1 : y_{T−1}
 * </pre>
 * The step must compute only from its arguments (and scalars it makes with the {@code Ops} it is given): an engine
 * may trace it once into a loop body that sees nothing else, so the weights it uses are passed as constants.
 *
 * @param sequences       each {@code (batch, time, ...)}, with the same known {@code time}
 * @param initialStates   each {@code (batch, ...)}; the first has the output's shape
 * @param constants       tensors every step reads unchanged, e.g. the recurrent kernel
 * @param step            one time step
 * @param returnSequences whether the result is every step's output {@code (batch, time, ...)}, or the last one
 */
public record SequenceLoop(List<Tensor> sequences, List<Tensor> initialStates, List<Tensor> constants, Step step,
                           boolean returnSequences) {

    public SequenceLoop {
        sequences = List.copyOf(sequences);
        initialStates = List.copyOf(initialStates);
        constants = List.copyOf(constants);
        if (sequences.isEmpty() || initialStates.isEmpty() || step == null) {
            throw new IllegalArgumentException("A sequence loop needs at least one sequence, one state and a step");
        }
        int time = sequences.get(0).shape().dim(1);
        for (Tensor x : sequences) {
            if (x.rank() < 3 || x.shape().dim(1) != time || time < 1) {
                throw new IllegalArgumentException("A sequence loop's sequences must be (batch, time, ...) with the "
                        + "same known time of at least 1, got " + sequences.stream().map(Tensor::shape).toList());
            }
        }
    }

    /** The number of time steps. */
    public int time() {
        return sequences.get(0).shape().dim(1);
    }

    /** One time step of a {@link SequenceLoop}. */
    @FunctionalInterface
    public interface Step {

        /**
         * The new states, in the order of the initial states and with their shapes.
         *
         * @param ops       the operations to compute with
         * @param inputs    this step of each sequence, {@code (batch, ...)}
         * @param states    the previous states
         * @param constants the loop's constants
         */
        List<Tensor> apply(Ops ops, List<Tensor> inputs, List<Tensor> states, List<Tensor> constants);
    }
}
