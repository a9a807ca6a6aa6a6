package dev.seqconv.api.layers;

import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.ops.Composed;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.SequenceLoop;
import dev.seqconv.api.ops.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The plain recurrent layer, as tf.keras 2.x's {@code SimpleRNN}: {@code h_t = a(x_t·W + b + h·U)} with a the
 * activation (tanh). Weights {@code kernel (features, units)}, {@code recurrent_kernel (units, units)},
 * {@code bias (units)}; one input mask and one state mask with dropout.
 *
 * @param name    the layer's name, or {@code null} for an automatic one
 * @param options units, activation, initializers, dropout, returnSequences, goBackwards (the recurrent
 *                activation is unused)
 */
public record SimpleRNN(String name, RecurrentOptions options) implements RecurrentLayer {

    /** The operations of one composed time step, forward (see {@code Recurrence}). */
    private static final int STEP_OPERATIONS = 3;
    private static final List<String> GATES = List.of("h");

    public SimpleRNN {
        LayerChecks.present("SimpleRNN", "options", options);
    }

    /** Keras's {@code SimpleRNN(units)}. */
    public static SimpleRNN of(int units) {
        return of(RecurrentOptions.of(units));
    }

    public static SimpleRNN of(RecurrentOptions options) {
        return new SimpleRNN(null, options);
    }

    @Override
    public SimpleRNN withName(String name) {
        return new SimpleRNN(name, options);
    }

    @Override
    public SimpleRNN withOptions(RecurrentOptions options) {
        return new SimpleRNN(name, options);
    }

    /** Its activation: every step's output is {@code a(...)}. */
    @Override
    public Optional<Activation> outputActivation() {
        return Optional.of(options.activation());
    }

    @Override
    public LayerBuild build(Shape inputShape) {
        return recurrence().build(inputShape, Shape.of(options.units()), options.biasInitializer());
    }

    /** One {@link Ops#loop} step a time step, state {@code [h]}, constants {@code [U, mask]}. */
    @Override
    public Tensor call(Ops ops, Tensor input, Weights weights, CallContext context) {
        Recurrence recurrence = recurrence();
        Recurrence.Masks masks = recurrence.masks(context);
        Tensor x = recurrence.projectInputs(ops, input, weights.get(WeightSpec.KERNEL),
                weights.find(WeightSpec.BIAS).orElse(null), masks.input()).gates().get(0);
        Tensor recurrent = weights.get(WeightSpec.RECURRENT_KERNEL);
        List<Tensor> constants = new ArrayList<>(List.of(recurrent));
        constants.addAll(masks.state());
        int units = options.units();
        Activation activation = options.activation();
        return ops.loop(new SequenceLoop(List.of(x), List.of(Composed.zeroState(ops, x)), constants,
                (o, xt, states, c) -> {
                    Tensor product = Composed.recurrentProducts(o, states.get(0), c.get(0), 1, c.subList(0, 1),
                            c.subList(1, c.size()), units).get(0);
                    return List.of(activation.apply(o, o.add(xt.get(0), product)));
                }, options.returnSequences()));
    }

    private Recurrence recurrence() {
        return new Recurrence("SimpleRNN", options, GATES, STEP_OPERATIONS);
    }
}
