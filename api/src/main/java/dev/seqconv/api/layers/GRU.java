package dev.seqconv.api.layers;

import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.GruRecurrence;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;
import java.util.List;

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
 * {@code (3·units)} without. Dropout as tf.keras: see {@link RecurrentOptions} and {@code Recurrence}. The recurrence
 * itself is {@link Ops#gru}: fused where the engine has a kernel for its configuration, else unrolled.
 *
 * @param name       the layer's name, or {@code null} for an automatic one
 * @param options    units, activations, initializers, dropout, returnSequences, goBackwards
 * @param resetAfter whether the reset gate applies after the recurrent product (Keras 2's default, cuDNN's)
 */
public record GRU(String name, RecurrentOptions options, boolean resetAfter) implements RecurrentLayer {

    /**
     * The graph nodes of one composed time step, forward (see {@code Recurrence}): {@code Composed.gru}'s 12
     * operations and the shape its reshape reads.
     */
    private static final int STEP_OPERATIONS = 13;
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

    @Override
    public GRU withOptions(RecurrentOptions options) {
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
        Recurrence.Projections projections = recurrence.projectInputs(ops, input, weights.get(WeightSpec.KERNEL),
                inputBias, masks.input());
        List<Tensor> x = projections.gates();
        return ops.gru(new GruRecurrence(x.get(0), x.get(1), x.get(2), recurrent, recurrentBias, masks.state(),
                resetAfter, options.activation(), options.recurrentActivation(), options.returnSequences(),
                projections.source()));
    }

    private Recurrence recurrence() {
        return new Recurrence("GRU", options, GATES, STEP_OPERATIONS);
    }
}
