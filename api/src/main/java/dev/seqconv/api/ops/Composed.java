package dev.seqconv.api.ops;

import java.util.ArrayList;
import java.util.List;

/**
 * The composed forms of the operations that an engine may also offer fused ({@link Ops#gru}, {@link Ops#rmsprop}):
 * what {@link dev.seqconv.api.autodiff.TapeOps} runs when the engine has no fused kernel for them or its kernel does
 * not support the configuration; and the recurrent products the recurrent layers share with them. Written with
 * {@link Ops}, so differentiated like any composition. Layers call {@link Ops#gru} and {@link Ops#rmsprop}, not
 * these.
 */
public final class Composed {

    private Composed() {
    }

    /** The GRU recurrence unrolled step by step, as tf.keras 2.x's cell. */
    public static Tensor gru(Ops ops, GruRecurrence in) {
        List<List<Tensor>> x = List.of(ops.unstack(in.inputZ(), 1), ops.unstack(in.inputR(), 1),
                ops.unstack(in.inputH(), 1));
        int units = in.units();
        Tensor recurrent = in.recurrentKernel();
        int fusedGates = in.resetAfter() ? 3 : 2;
        Tensor fused = gateColumns(ops, recurrent, 0, fusedGates, units);
        List<Tensor> gateKernels = new ArrayList<>();
        List<Tensor> gateBiases = new ArrayList<>();
        for (int g = 0; g < fusedGates; g++) {
            gateKernels.add(gateColumns(ops, recurrent, g, 1, units));
            gateBiases.add(in.recurrentBias() == null ? null : gateColumns(ops, in.recurrentBias(), g, 1, units));
        }
        Tensor candidateKernel = gateColumns(ops, recurrent, 2, 1, units);

        Tensor h = ops.zerosLike(x.get(0).get(0));
        List<Tensor> states = new ArrayList<>();
        for (int t = 0; t < x.get(0).size(); t++) {
            List<Tensor> products = recurrentProducts(ops, h, fused, gateKernels, in.stateMasks(), units);
            for (int g = 0; g < fusedGates; g++) {
                if (gateBiases.get(g) != null) {
                    products.set(g, ops.add(products.get(g), gateBiases.get(g)));
                }
            }
            Tensor z = in.recurrentActivation().apply(ops, ops.add(x.get(0).get(t), products.get(0)));
            Tensor r = in.recurrentActivation().apply(ops, ops.add(x.get(1).get(t), products.get(1)));
            Tensor reset = in.resetAfter() ? ops.multiply(r, products.get(2))
                    : ops.matmul(ops.multiply(r, state(ops, h, in.stateMasks(), 2)), candidateKernel);
            Tensor candidate = in.activation().apply(ops, ops.add(x.get(2).get(t), reset));
            h = ops.add(candidate, ops.multiply(z, ops.subtract(h, candidate)));
            states.add(h);
        }
        return in.returnSequences() ? ops.stack(states, 1) : states.get(states.size() - 1);
    }

    /**
     * {@code h · U_gate} for the gates of {@code gateKernels}: one product when the state is not masked, else one
     * per gate on its masked state.
     *
     * @param fused       those gates' recurrent kernels side by side, {@code (units, gates·units)}
     * @param gateKernels each gate's recurrent kernel {@code (units, units)}
     * @param stateMasks  each gate's state mask {@code (batch, units)}, or empty
     */
    public static List<Tensor> recurrentProducts(Ops ops, Tensor h, Tensor fused, List<Tensor> gateKernels,
                                                  List<Tensor> stateMasks, int units) {
        List<Tensor> products = new ArrayList<>(gateKernels.size());
        if (stateMasks.isEmpty()) {
            Tensor all = ops.matmul(h, fused);
            for (int g = 0; g < gateKernels.size(); g++) {
                products.add(gateKernels.size() == 1 ? all : ops.slice(all, 1, g * units, units));
            }
        } else {
            for (int g = 0; g < gateKernels.size(); g++) {
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
