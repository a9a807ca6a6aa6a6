package dev.seqconv.api.layers;

import dev.seqconv.api.initializers.Initializer;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.LstmRecurrence;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Long short-term memory, as tf.keras 2.x's {@code LSTM} (gates i, f, c, o in kernel order; σ the recurrent
 * activation, sigmoid; a the activation, tanh). With {@code x_g = x_t·W_g + b_g}, state {@code h} and cell
 * {@code c}:
 * <pre>
 * i = σ(x_i + h·U_i)    f = σ(x_f + h·U_f)    o = σ(x_o + h·U_o)
 * c_t = f ⊙ c + i ⊙ a(x_c + h·U_c)
 * h_t = o ⊙ a(c_t)
 * </pre>
 * Weights {@code kernel (features, 4·units)}, {@code recurrent_kernel (units, 4·units)}, {@code bias (4·units)};
 * with {@code unitForgetBias} (Keras's default) the forget gate's bias starts at 1. Dropout as tf.keras: see
 * {@link RecurrentOptions}.
 *
 * @param name           the layer's name, or {@code null} for an automatic one
 * @param options        units, activations, initializers, dropout, returnSequences, goBackwards
 * @param unitForgetBias whether the forget gate's bias starts at 1
 */
public record LSTM(String name, RecurrentOptions options, boolean unitForgetBias) implements RecurrentLayer {

    /** The operations of one composed time step, forward (see {@code Recurrence}). */
    private static final int STEP_OPERATIONS = 26;
    private static final List<String> GATES = List.of("i", "f", "c", "o");

    public LSTM {
        LayerChecks.present("LSTM", "options", options);
    }

    /** Keras's {@code LSTM(units)}. */
    public static LSTM of(int units) {
        return of(RecurrentOptions.of(units));
    }

    public static LSTM of(RecurrentOptions options) {
        return new LSTM(null, options, true);
    }

    @Override
    public LSTM withName(String name) {
        return new LSTM(name, options, unitForgetBias);
    }

    @Override
    public LSTM withOptions(RecurrentOptions options) {
        return new LSTM(name, options, unitForgetBias);
    }

    /** This LSTM with {@code unit_forget_bias} set. */
    public LSTM withUnitForgetBias(boolean unitForgetBias) {
        return new LSTM(name, options, unitForgetBias);
    }

    @Override
    public LayerBuild build(Shape inputShape) {
        int units = options.units();
        Initializer base = options.biasInitializer();
        Initializer bias = !unitForgetBias ? base : (shape, random) -> {
            float[] values = new float[4 * units];
            System.arraycopy(base.initialize(Shape.of(units), random).toFloatArray(), 0, values, 0, units);
            Arrays.fill(values, units, 2 * units, 1f);
            System.arraycopy(base.initialize(Shape.of(2 * units), random).toFloatArray(), 0, values, 2 * units,
                    2 * units);
            return NdArray.wrapFloats(shape, values);
        };
        return recurrence().build(inputShape, Shape.of(4 * units), bias);
    }

    @Override
    public Tensor call(Ops ops, Tensor input, Weights weights, CallContext context) {
        Recurrence recurrence = recurrence();
        Recurrence.Masks masks = recurrence.masks(context);
        Recurrence.Projections x = recurrence.projectInputs(ops, input, weights.get(WeightSpec.KERNEL),
                weights.find(WeightSpec.BIAS).orElse(null), masks.input());
        return ops.lstm(new LstmRecurrence(x.gates(), x.source(), weights.get(WeightSpec.RECURRENT_KERNEL),
                masks.state(), options.activation(), options.recurrentActivation(), options.returnSequences()));
    }

    private Recurrence recurrence() {
        return new Recurrence("LSTM", options, GATES, STEP_OPERATIONS);
    }
}
