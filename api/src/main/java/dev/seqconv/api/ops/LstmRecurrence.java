package dev.seqconv.api.ops;

import java.util.List;

/**
 * An LSTM's recurrence over a whole sequence (see {@link Ops#lstm}), as tf.keras 2.x's LSTM cell computes it, from
 * the inputs' projections on. With {@code m_g} the state masks (ones when there are none), {@code σ} the recurrent
 * activation and {@code a} the activation:
 * <pre>
 * i_t = σ(xi_t + (h_{t−1} ⊙ m_i)·U_i)      f_t = σ(xf_t + (h_{t−1} ⊙ m_f)·U_f)
 * o_t = σ(xo_t + (h_{t−1} ⊙ m_o)·U_o)
 * c_t = f_t ⊙ c_{t−1} + i_t ⊙ a(xc_t + (h_{t−1} ⊙ m_c)·U_c)
 * h_t = o_t ⊙ a(c_t),        h_0 = c_0 = 0
 * </pre>
 *
 * @param inputs              {@code [xi, xf, xc, xo]}, each {@code (batch, time, units)}: the inputs' projections
 *                            for the gates in Keras's kernel order, biases included
 * @param inputProjection     the product the inputs are slices of (a kernel may compute it itself), or
 *                            {@code null} where each gate has a product of its own
 * @param recurrentKernel     {@code [U_i U_f U_c U_o] (units, 4·units)}
 * @param stateMasks          {@code [m_i, m_f, m_c, m_o]}, each {@code (batch, units)}, or empty
 * @param activation          {@code a}, tanh in Keras
 * @param recurrentActivation {@code σ}, sigmoid in Keras
 * @param returnSequences     whether the result is every step's state {@code h} {@code (batch, time, units)}, or
 *                            the last one {@code (batch, units)}
 */
public record LstmRecurrence(List<Tensor> inputs, InputProjection inputProjection, Tensor recurrentKernel,
                             List<Tensor> stateMasks, Activation activation, Activation recurrentActivation,
                             boolean returnSequences) {

    /** The gates, in Keras's kernel order. */
    public static final int GATES = 4;

    public LstmRecurrence {
        inputs = List.copyOf(inputs);
        stateMasks = List.copyOf(stateMasks);
        RecurrenceChecks.check("LSTM", inputs, inputProjection, GATES, recurrentKernel, stateMasks, activation,
                recurrentActivation);
    }

    /** The number of units: the state's width. */
    public int units() {
        return recurrentKernel.shape().dim(0);
    }
}
