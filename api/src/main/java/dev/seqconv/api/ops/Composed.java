package dev.seqconv.api.ops;

import dev.seqconv.api.ndarray.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The composed forms of the operations that an engine may also offer fused ({@link Ops#conv1dLayer}, {@link
 * Ops#gru}, {@link Ops#lstm}, {@link Ops#rmsprop})
 * or as a loop ({@link Ops#loop}, unrolled here): what {@link dev.seqconv.api.autodiff.TapeOps} runs when the engine
 * has no kernel for them or its kernel does not support the configuration; and the recurrent products and first
 * state the recurrent layers share with them. Written with {@link Ops}, so differentiated like any composition.
 * Layers call {@link Ops#conv1dLayer}, {@link Ops#gru}, {@link Ops#lstm}, {@link Ops#loop} and {@link Ops#rmsprop},
 * not these.
 */
public final class Composed {

    private Composed() {
    }

    /** A Conv1D layer as {@code a(conv1d(x, kernel) + bias)}: the convolution, a broadcast add, the activation. */
    public static Tensor conv1dLayer(Ops ops, Conv1dLayer layer) {
        Tensor y = ops.conv1d(layer.input(), layer.kernel(), layer.stride(), layer.dilation());
        return layer.activation().apply(ops, layer.bias() == null ? y : ops.add(y, layer.bias()));
    }

    /**
     * The GRU recurrence as tf.keras 2.x's cell, one {@link Ops#loop} step a time step, in as few operations a step
     * as the cell allows (each is a graph node per step where the loop is unrolled). The gates' inputs travel as one
     * sequence {@code X (batch, time, gates, units)}, each gate's recurrent bias folded in once for all steps:
     * <pre>
     * reset after:   X_t = [xz_t + b'_z, xr_t + b'_r, b'_h]      (no recurrent bias: b' = 0)
     * reset before:  X_t = [xz_t, xr_t]
     * [a_z, a_r, q] = unstack(X_t + P_t),  P_t = [h·U_z, h·U_r(, h·U_h)] (h ⊙ m_g for each gate's product with masks)
     * z = σ(a_z)    r = σ(a_r)
     * reset after:   c = a(xh_t + r ⊙ q)
     * reset before:  c = a(xh_t + (r ⊙ h ⊙ m_h)·U_h)
     * h_t = c + z ⊙ (h − c)
     * </pre>
     * which is {@link GruRecurrence}'s formula with the recurrent biases of z and r added to the inputs before the
     * product rather than after. Without masks {@code P_t} is one product reshaped to {@code (batch, gates, units)},
     * so a step is 12 operations with reset after (product, reshape, add, unstack, two σ, then six for the
     * candidate and the new state). The step's constants: {@code [U (its first gates' columns), (U_h: reset before),
     * (U_z, U_r, U_h: with masks), (m_z, m_r, m_h)]}.
     */
    public static Tensor gru(Ops ops, GruRecurrence in) {
        int units = in.units();
        Tensor recurrent = in.recurrentKernel();
        int gates = in.resetAfter() ? 3 : 2;
        boolean masked = !in.stateMasks().isEmpty();
        List<Tensor> gateInputs = new ArrayList<>(List.of(in.inputZ(), in.inputR()));
        if (in.resetAfter()) {
            gateInputs.add(ops.zerosLike(in.inputH()));
        }
        Tensor x = ops.concat(gateInputs, 2);
        if (in.recurrentBias() != null) {
            x = ops.add(x, in.recurrentBias());
        }
        int time = x.shape().dim(1);
        x = ops.reshape(x, Shape.of(Shape.UNKNOWN, time, gates, units));
        List<Tensor> constants = new ArrayList<>();
        constants.add(in.resetAfter() ? recurrent : gateColumns(ops, recurrent, 0, gates, units));
        int candidateAt = constants.size();
        if (!in.resetAfter()) {
            constants.add(gateColumns(ops, recurrent, 2, 1, units));
        }
        for (int g = 0; masked && g < gates; g++) {
            constants.add(gateColumns(ops, recurrent, g, 1, units));
        }
        int masksFrom = constants.size();
        constants.addAll(in.stateMasks());
        SequenceLoop.Step step = (o, xs, states, c) -> {
            Tensor h = states.get(0);
            List<Tensor> masks = c.subList(masksFrom, c.size());
            Tensor products = masked
                    ? o.stack(recurrentProducts(o, h, c.get(0), gates, c.subList(masksFrom - gates, masksFrom), masks,
                            units), 1)
                    : o.reshape(o.matmul(h, c.get(0)), Shape.of(Shape.UNKNOWN, gates, units));
            List<Tensor> summed = o.unstack(o.add(xs.get(0), products), 1);
            Tensor z = in.recurrentActivation().apply(o, summed.get(0));
            Tensor r = in.recurrentActivation().apply(o, summed.get(1));
            Tensor reset = in.resetAfter() ? o.multiply(r, summed.get(2))
                    : o.matmul(o.multiply(r, state(o, h, masks, 2)), c.get(candidateAt));
            Tensor candidate = in.activation().apply(o, o.add(xs.get(1), reset));
            return List.of(o.add(candidate, o.multiply(z, o.subtract(h, candidate))));
        };
        return ops.loop(new SequenceLoop(List.of(x, in.inputH()), List.of(zeroState(ops, in.inputZ())), constants,
                step, in.returnSequences()));
    }

    /**
     * The LSTM recurrence as tf.keras 2.x's cell ({@link LstmRecurrence}'s formula), one {@link Ops#loop} step a time
     * step, states {@code [h, c]}, constants {@code [U, (U_i, U_f, U_c, U_o, m_i, m_f, m_c, m_o: with state masks)]}.
     */
    public static Tensor lstm(Ops ops, LstmRecurrence in) {
        int units = in.units();
        Tensor recurrent = in.recurrentKernel();
        List<Tensor> constants = new ArrayList<>(List.of(recurrent));
        boolean masked = !in.stateMasks().isEmpty();
        for (int g = 0; masked && g < LstmRecurrence.GATES; g++) {
            constants.add(gateColumns(ops, recurrent, g, 1, units));
        }
        int masksFrom = constants.size();
        constants.addAll(in.stateMasks());
        Activation sigma = in.recurrentActivation();
        Activation activation = in.activation();
        Tensor zeros = zeroState(ops, in.inputs().get(0));
        return ops.loop(new SequenceLoop(in.inputs(), List.of(zeros, zeros), constants, (o, xt, states, c) -> {
            List<Tensor> products = recurrentProducts(o, states.get(0), c.get(0), LstmRecurrence.GATES,
                    c.subList(1, masksFrom), c.subList(masksFrom, c.size()), units);
            Tensor i = sigma.apply(o, o.add(xt.get(0), products.get(0)));
            Tensor f = sigma.apply(o, o.add(xt.get(1), products.get(1)));
            Tensor g = activation.apply(o, o.add(xt.get(2), products.get(2)));
            Tensor out = sigma.apply(o, o.add(xt.get(3), products.get(3)));
            Tensor cell = o.add(o.multiply(f, states.get(1)), o.multiply(i, g));
            return List.of(o.multiply(out, activation.apply(o, cell)), cell);
        }, in.returnSequences()));
    }

    /** Zeros {@code (batch, units)}: a recurrence's first state, for a sequence {@code (batch, time, units)}. */
    public static Tensor zeroState(Ops ops, Tensor sequence) {
        int units = sequence.shape().dim(2);
        return ops.zerosLike(ops.reshape(ops.slice(sequence, 1, 0, 1), Shape.of(Shape.UNKNOWN, units)));
    }

    /** {@link Ops#loop} unrolled: the step applied to each time step in turn. */
    public static Tensor loop(Ops ops, SequenceLoop loop) {
        List<List<Tensor>> steps = loop.sequences().stream().map(x -> ops.unstack(x, 1)).toList();
        List<Tensor> states = loop.initialStates();
        List<Tensor> outputs = new ArrayList<>(loop.time());
        for (int t = 0; t < loop.time(); t++) {
            List<Tensor> inputs = new ArrayList<>(steps.size());
            for (List<Tensor> sequence : steps) {
                inputs.add(sequence.get(t));
            }
            states = loop.step().apply(ops, inputs, states, loop.constants());
            outputs.add(states.get(0));
        }
        return loop.returnSequences() ? ops.stack(outputs, 1) : outputs.get(outputs.size() - 1);
    }

    /**
     * {@code h · U_gate} for the first {@code gates} gates: one product when the state is not masked, else one per
     * gate on its masked state.
     *
     * @param fused       those gates' recurrent kernels side by side, {@code (units, gates·units)}
     * @param gateKernels each gate's recurrent kernel {@code (units, units)}; read only with state masks (may be
     *                    empty without)
     * @param stateMasks  each gate's state mask {@code (batch, units)}, or empty
     */
    public static List<Tensor> recurrentProducts(Ops ops, Tensor h, Tensor fused, int gates, List<Tensor> gateKernels,
                                                  List<Tensor> stateMasks, int units) {
        List<Tensor> products = new ArrayList<>(gates);
        if (stateMasks.isEmpty()) {
            Tensor all = ops.matmul(h, fused);
            for (int g = 0; g < gates; g++) {
                products.add(gates == 1 ? all : ops.slice(all, 1, g * units, units));
            }
        } else {
            for (int g = 0; g < gates; g++) {
                products.add(ops.matmul(state(ops, h, stateMasks, g), gateKernels.get(g)));
            }
        }
        return products;
    }

    /** The state as gate {@code gate} sees it: masked in training with recurrent dropout. */
    private static Tensor state(Ops ops, Tensor h, List<Tensor> stateMasks, int gate) {
        return stateMasks.isEmpty() ? h : ops.multiply(h, stateMasks.get(gate));
    }

    /** Columns {@code [first·units, (first + count)·units)} of a gate-by-gate matrix. */
    public static Tensor gateColumns(Ops ops, Tensor matrix, int first, int count, int units) {
        return ops.slice(matrix, -1, first * units, count * units);
    }

    /** RMSprop's update, each operation in {@link RmspropStep}'s order. */
    public static RmspropStep.Result rmsprop(Ops ops, RmspropStep step) {
        Tensor s = ops.add(ops.multiply(step.meanSquare(), step.rho()),
                ops.multiply(ops.square(step.gradient()), 1f - step.rho()));
        Tensor update = ops.divide(ops.multiply(step.gradient(), step.learningRate()),
                ops.add(ops.sqrt(s), step.epsilon()));
        return new RmspropStep.Result(ops.subtract(step.weight(), update), s);
    }
}
