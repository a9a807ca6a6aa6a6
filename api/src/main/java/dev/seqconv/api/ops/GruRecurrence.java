package dev.seqconv.api.ops;

import dev.seqconv.api.ndarray.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * A GRU's recurrence over a whole sequence (see {@link Ops#gru}), as tf.keras 2.x's GRU cell computes it, from
 * the inputs' projections on. With {@code m_g} the state masks (ones when there are none), {@code σ} the recurrent
 * activation and {@code a} the activation:
 * <pre>
 * z_t = σ(xz_t + (h_{t−1} ⊙ m_z)·U_z + b'_z)
 * r_t = σ(xr_t + (h_{t−1} ⊙ m_r)·U_r + b'_r)
 * reset after:   c_t = a(xh_t + r_t ⊙ ((h_{t−1} ⊙ m_h)·U_h + b'_h))
 * reset before:  c_t = a(xh_t + (r_t ⊙ (h_{t−1} ⊙ m_h))·U_h)
 * h_t = z_t ⊙ h_{t−1} + (1 − z_t) ⊙ c_t,        h_0 = 0
 * </pre>
 *
 * @param inputZ              {@code xz (batch, time, units)}: the inputs' projection for the update gate, bias
 *                            included
 * @param inputR              {@code xr}, likewise for the reset gate
 * @param inputH              {@code xh}, likewise for the candidate
 * @param recurrentKernel     {@code [U_z U_r U_h] (units, 3·units)}
 * @param recurrentBias       {@code [b'_z b'_r b'_h] (3·units)}, or {@code null}; only with reset after
 * @param stateMasks          {@code [m_z, m_r, m_h]}, each {@code (batch, units)}, or empty
 * @param resetAfter          whether the reset gate applies after the recurrent product
 * @param activation          {@code a}, tanh in Keras
 * @param recurrentActivation {@code σ}, sigmoid in Keras
 * @param returnSequences     whether the result is every step's state {@code (batch, time, units)}, or the last
 *                            state {@code (batch, units)}
 * @param inputProjection     the product the three inputs are slices of (a kernel may compute it itself), or
 *                            {@code null} where each gate has a product of its own
 */
public record GruRecurrence(Tensor inputZ, Tensor inputR, Tensor inputH, Tensor recurrentKernel,
                            Tensor recurrentBias, List<Tensor> stateMasks, boolean resetAfter, Activation activation,
                            Activation recurrentActivation, boolean returnSequences, InputProjection inputProjection) {

    public GruRecurrence {
        stateMasks = List.copyOf(stateMasks);
        RecurrenceChecks.check("GRU", List.of(inputZ, inputR, inputH), inputProjection, 3, recurrentKernel, stateMasks,
                activation, recurrentActivation);
        int units = recurrentKernel.shape().dim(0);
        if (recurrentBias != null && !recurrentBias.shape().equals(Shape.of(3 * units))) {
            throw new IllegalArgumentException("GRU recurrence: recurrent bias must be (" + 3 * units + "), got "
                    + recurrentBias.shape());
        }
        if (recurrentBias != null && !resetAfter) {
            throw new IllegalArgumentException("GRU recurrence: a recurrent bias goes with reset after only");
        }
    }

    /** The number of units: the state's width. */
    public int units() {
        return recurrentKernel.shape().dim(0);
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
