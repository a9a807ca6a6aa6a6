package dev.seqconv.api.ops;

import dev.seqconv.api.ndarray.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The operands of a GRU's recurrence with {@code reset_after=True}, sigmoid gates and a tanh candidate, over a
 * whole sequence (see {@link Ops#fusedGru}). With {@code m_g} the state masks (ones when there are none):
 * <pre>
 * z_t = σ(xz_t + (h_{t−1} ⊙ m_z)·U_z + b'_z)
 * r_t = σ(xr_t + (h_{t−1} ⊙ m_r)·U_r + b'_r)
 * c_t = tanh(xh_t + r_t ⊙ ((h_{t−1} ⊙ m_h)·U_h + b'_h))
 * h_t = z_t ⊙ h_{t−1} + (1 − z_t) ⊙ c_t,        h_0 = 0
 * </pre>
 *
 * @param inputZ          {@code xz (batch, time, units)}: the inputs' projection for the update gate, bias included
 * @param inputR          {@code xr}, likewise for the reset gate
 * @param inputH          {@code xh}, likewise for the candidate
 * @param recurrentKernel {@code [U_z U_r U_h] (units, 3·units)}
 * @param recurrentBias   {@code [b'_z b'_r b'_h] (3·units)}, or {@code null}
 * @param stateMasks      {@code [m_z, m_r, m_h]}, each {@code (batch, units)}, or empty
 */
public record GruRecurrence(Tensor inputZ, Tensor inputR, Tensor inputH, Tensor recurrentKernel,
                            Tensor recurrentBias, List<Tensor> stateMasks) {

    public GruRecurrence {
        stateMasks = List.copyOf(stateMasks);
        int units = recurrentKernel.shape().dim(0);
        if (recurrentKernel.shape().rank() != 2 || recurrentKernel.shape().dim(1) != 3 * units) {
            throw new IllegalArgumentException("GRU recurrence: recurrent kernel must be (units, 3·units), got "
                    + recurrentKernel.shape());
        }
        for (Tensor x : List.of(inputZ, inputR, inputH)) {
            if (x.rank() != 3 || x.shape().dim(2) != units || !x.shape().equals(inputZ.shape())) {
                throw new IllegalArgumentException("GRU recurrence: inputs must be (batch, time, " + units
                        + ") alike, got " + inputZ.shape() + ", " + inputR.shape() + ", " + inputH.shape());
            }
        }
        if (recurrentBias != null && !recurrentBias.shape().equals(Shape.of(3 * units))) {
            throw new IllegalArgumentException("GRU recurrence: recurrent bias must be (" + 3 * units + "), got "
                    + recurrentBias.shape());
        }
        if (!stateMasks.isEmpty() && stateMasks.size() != 3) {
            throw new IllegalArgumentException("GRU recurrence: 0 or 3 state masks, got " + stateMasks.size());
        }
        for (Tensor mask : stateMasks) {
            if (mask.rank() != 2 || mask.shape().dim(1) != units) {
                throw new IllegalArgumentException("GRU recurrence: state masks must be (batch, " + units + "), got "
                        + mask.shape());
            }
        }
    }

    /** The operands with gradients, in the order {@link dev.seqconv.api.spi.GruKernel.Run#backward} returns them. */
    public List<Tensor> differentiable() {
        List<Tensor> operands = new ArrayList<>(List.of(inputZ, inputR, inputH, recurrentKernel));
        if (recurrentBias != null) {
            operands.add(recurrentBias);
        }
        return operands;
    }
}
