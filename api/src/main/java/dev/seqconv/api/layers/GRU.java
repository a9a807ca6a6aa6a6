package dev.seqconv.api.layers;

import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.GruRecurrence;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gated recurrent unit, as tf.keras 2.x's {@code GRU} (gates z, r, h in kernel order; σ the recurrent activation,
 * sigmoid; a the activation, tanh). With {@code x_g = x_t·W_g + b_g} and {@code h} the previous state:
 * <pre>
 * z = σ(x_z + h·U_z + b'_z)        r = σ(x_r + h·U_r + b'_r)
 * reset after  (default):  h̃ = a(x_h + r ⊙ (h·U_h + b'_h))
 * reset before:            h̃ = a(x_h + (r ⊙ h)·U_h)
 * h_t = z ⊙ h + (1 − z) ⊙ h̃
 * </pre>
 * Weights {@code kernel (features, 3·units)}, {@code recurrent_kernel (units, 3·units)} and {@code bias}:
 * {@code (2, 3·units)} with reset after (input biases {@code b}, then recurrent biases {@code b'}),
 * {@code (3·units)} without. Dropout as tf.keras: see {@link RecurrentOptions} and {@code Recurrence}. With reset after
 * and the default activations, an engine that has the recurrence fused ({@link GruRecurrence}) runs it in one
 * operation; otherwise it is unrolled step by step.
 *
 * @param name       the layer's name, or {@code null} for an automatic one
 * @param options    units, activations, initializers, dropout, returnSequences
 * @param resetAfter whether the reset gate applies after the recurrent product (Keras 2's default, cuDNN's)
 */
public record GRU(String name, RecurrentOptions options, boolean resetAfter) implements Layer {

    private static final List<String> GATES = List.of("z", "r", "h");

    public GRU {
        LayerChecks.present("GRU", "options", options);
    }

    /** Keras's {@code GRU(units)}. */
    public static GRU of(int units) {
        return of(RecurrentOptions.of(units));
    }

    /** A GRU with these options and {@code reset_after=True}. */
    public static GRU of(RecurrentOptions options) {
        return new GRU(null, options, true);
    }

    @Override
    public GRU withName(String name) {
        return new GRU(name, options, resetAfter);
    }

    /** This GRU with {@code reset_after} set: {@code false} is Keras 2.0's (the book's) variant. */
    public GRU withResetAfter(boolean resetAfter) {
        return new GRU(name, options, resetAfter);
    }

    @Override
    public LayerBuild build(Shape inputShape) {
        int width = 3 * options.units();
        return recurrence().build(inputShape, resetAfter ? Shape.of(2, width) : Shape.of(width),
                options.biasInitializer());
    }

    @Override
    public Tensor call(Ops ops, Tensor input, Weights weights, CallContext context) {
        Recurrence recurrence = recurrence();
        Recurrence.Masks masks = recurrence.masks(context);
        int units = options.units();
        Tensor recurrent = weights.get(WeightSpec.RECURRENT_KERNEL);
        Tensor inputBias = null;
        Tensor recurrentBias = null;
        if (options.useBias()) {
            Tensor bias = weights.get(WeightSpec.BIAS);
            inputBias = resetAfter ? ops.reshape(ops.slice(bias, 0, 0, 1), Shape.of(3 * units)) : bias;
            recurrentBias = resetAfter ? ops.reshape(ops.slice(bias, 0, 1, 1), Shape.of(3 * units)) : null;
        }
        List<Tensor> projections = recurrence.projectInputs(ops, input, weights.get(WeightSpec.KERNEL), inputBias,
                masks.input());
        if (resetAfter && options.activation() == Activation.TANH
                && options.recurrentActivation() == Activation.SIGMOID) {
            Optional<Tensor> states = ops.fusedGru(new GruRecurrence(projections.get(0), projections.get(1),
                    projections.get(2), recurrent, recurrentBias, masks.state()));
            if (states.isPresent()) {
                return recurrence.output(ops, states.get());
            }
        }
        return recurrence.output(ops, unrolled(ops, recurrence, Recurrence.steps(ops, projections), recurrent,
                recurrentBias, masks));
    }

    /** The recurrence step by step: each step's state. */
    private List<Tensor> unrolled(Ops ops, Recurrence recurrence, List<List<Tensor>> x, Tensor recurrent,
                                  Tensor recurrentBias, Recurrence.Masks masks) {
        int fusedGates = resetAfter ? 3 : 2;
        Tensor fused = recurrence.gateColumns(ops, recurrent, 0, fusedGates);
        List<Tensor> gateKernels = new ArrayList<>();
        List<Tensor> gateBiases = new ArrayList<>();
        for (int g = 0; g < fusedGates; g++) {
            gateKernels.add(recurrence.gateColumns(ops, recurrent, g, 1));
            gateBiases.add(recurrentBias == null ? null : recurrence.gateColumns(ops, recurrentBias, g, 1));
        }
        Tensor candidateKernel = recurrence.gateColumns(ops, recurrent, 2, 1);

        Tensor h = ops.zerosLike(x.get(0).get(0));
        List<Tensor> states = new ArrayList<>();
        for (int t = 0; t < x.get(0).size(); t++) {
            List<Tensor> products = recurrence.recurrentProducts(ops, h, fused, gateKernels, masks);
            for (int g = 0; g < fusedGates; g++) {
                if (gateBiases.get(g) != null) {
                    products.set(g, ops.add(products.get(g), gateBiases.get(g)));
                }
            }
            Tensor z = options.recurrentActivation().apply(ops, ops.add(x.get(0).get(t), products.get(0)));
            Tensor r = options.recurrentActivation().apply(ops, ops.add(x.get(1).get(t), products.get(1)));
            Tensor reset = resetAfter ? ops.multiply(r, products.get(2))
                    : ops.matmul(ops.multiply(r, recurrence.state(ops, h, masks, 2)), candidateKernel);
            Tensor candidate = options.activation().apply(ops, ops.add(x.get(2).get(t), reset));
            h = ops.add(candidate, ops.multiply(z, ops.subtract(h, candidate)));
            states.add(h);
        }
        return states;
    }

    private Recurrence recurrence() {
        return new Recurrence("GRU", options, GATES);
    }
}
