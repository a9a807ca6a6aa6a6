package dev.seqconv.api.ops;

import java.util.List;

/** The checks a gated recurrence's operands pass ({@link GruRecurrence}, {@link LstmRecurrence}). */
final class RecurrenceChecks {

    private RecurrenceChecks() {
    }

    /**
     * One input per gate {@code (batch, time, units)} alike, and the product they are slices of, if given, over
     * as many steps and {@code gates·units} wide; the recurrent kernel {@code (units, gates·units)}, no state masks
     * or one per gate {@code (batch, units)}, both activations given.
     *
     * @throws IllegalArgumentException naming the operand and the shape it must have
     */
    static void check(String cell, List<Tensor> inputs, InputProjection projection, int gates, Tensor recurrentKernel,
                      List<Tensor> stateMasks, Activation activation, Activation recurrentActivation) {
        int units = recurrentKernel.shape().dim(0);
        if (recurrentKernel.shape().rank() != 2 || recurrentKernel.shape().dim(1) != gates * units) {
            throw new IllegalArgumentException(cell + " recurrence: recurrent kernel must be (units, " + gates
                    + "·units), got " + recurrentKernel.shape());
        }
        if (inputs.size() != gates) {
            throw new IllegalArgumentException(cell + " recurrence: one input per gate, " + gates + ", got "
                    + inputs.size());
        }
        for (Tensor x : inputs) {
            if (x.rank() != 3 || x.shape().dim(2) != units || !x.shape().equals(inputs.get(0).shape())) {
                throw new IllegalArgumentException(cell + " recurrence: inputs must be (batch, time, " + units
                        + ") alike, got " + inputs.stream().map(Tensor::shape).toList());
            }
        }
        if (projection != null && (projection.input().shape().dim(1) != inputs.get(0).shape().dim(1)
                || projection.width() != gates * units)) {
            throw new IllegalArgumentException(cell + " recurrence: the input projection must run over "
                    + inputs.get(0).shape().dim(1) + " steps and be " + gates * units + " wide, got the input "
                    + projection.input().shape() + " and the kernel " + projection.kernel().shape());
        }
        if (!stateMasks.isEmpty() && stateMasks.size() != gates) {
            throw new IllegalArgumentException(cell + " recurrence: 0 or " + gates + " state masks, got "
                    + stateMasks.size());
        }
        for (Tensor mask : stateMasks) {
            if (mask.rank() != 2 || mask.shape().dim(1) != units) {
                throw new IllegalArgumentException(cell + " recurrence: state masks must be (batch, " + units
                        + "), got " + mask.shape());
            }
        }
        if (activation == null || recurrentActivation == null) {
            throw new IllegalArgumentException(cell + " recurrence: activations must be given");
        }
    }
}
