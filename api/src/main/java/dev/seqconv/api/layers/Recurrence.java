package dev.seqconv.api.layers;

import dev.seqconv.api.initializers.Initializer;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.InputProjection;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the recurrent layers share, laid out as tf.keras 2.x's cells: a kernel {@code (features, gates·units)} and
 * a recurrent kernel {@code (units, gates·units)}, gate after gate; Keras's dropout masks; the input projections
 * of every step computed at once; and the output of every step or of the last.
 *
 * <p>Dropout follows tf.keras 2.x, whose cells switch to implementation 1 when recurrent dropout is set: then
 * each gate has its own input mask and its own state mask; with input dropout alone (implementation 2) one input
 * mask serves every gate. Masks are drawn once per sequence and kept across its steps, and only the gates' inputs
 * are masked — the state carried to the next step is not.
 *
 * <p>The recurrence is a {@link Ops#loop} over the (known) time axis (the GRU's is {@link Ops#gru}): unrolled where
 * gradients are recorded, the engine's loop where it has one and none are. With
 * {@link RecurrentOptions#goBackwards()} the input is reversed in time before its projections, so every layer and
 * engine path (the GRU's fused kernel included) runs the ordinary forward recurrence on {@code x[T−1], …, x[0]}.
 */
final class Recurrence {

    private final String layer;
    private final RecurrentOptions options;
    private final List<String> gates;
    private final int stepOperations;

    /**
     * @param layer          the layer's type, for messages
     * @param options        its settings
     * @param gates          the names of its gates in kernel order, e.g. {@code z, r, h}
     * @param stepOperations the operations one time step of its forward pass issues, composed (as counted in
     *                       TensorFlow's graph: docs/engines.md, "Long sequences")
     */
    Recurrence(String layer, RecurrentOptions options, List<String> gates, int stepOperations) {
        this.layer = layer;
        this.options = options;
        this.gates = gates;
        this.stepOperations = stepOperations;
    }

    /** The masks of one training call, split into those of the inputs and those of the state. */
    record Masks(List<Tensor> input, List<Tensor> state) {
    }

    /** Checks the input and declares the weights ({@code kernel}, {@code recurrent_kernel}, {@code bias}) and masks. */
    LayerBuild build(Shape input, Shape biasShape, Initializer biasInitializer) {
        LayerChecks.sequence(layer, input);
        int units = options.units();
        int width = gates.size() * units;
        List<WeightSpec> weights = new ArrayList<>();
        weights.add(new WeightSpec(WeightSpec.KERNEL, Shape.of(input.dim(2), width), options.kernelInitializer()));
        weights.add(new WeightSpec(WeightSpec.RECURRENT_KERNEL, Shape.of(units, width), options.recurrentInitializer()));
        if (options.useBias()) {
            weights.add(new WeightSpec(WeightSpec.BIAS, biasShape, biasInitializer));
        }
        List<NoiseSpec> noise = new ArrayList<>();
        if (options.dropout() > 0) {
            if (options.recurrentDropout() > 0) {
                gates.forEach(g -> noise.add(new NoiseSpec("input_mask_" + g, Shape.of(input.dim(2)), options.dropout())));
            } else {
                noise.add(new NoiseSpec("input_mask", Shape.of(input.dim(2)), options.dropout()));
            }
        }
        if (options.recurrentDropout() > 0) {
            gates.forEach(g -> noise.add(new NoiseSpec("state_mask_" + g, Shape.of(units), options.recurrentDropout())));
        }
        Shape output = options.returnSequences() ? Shape.of(input.dim(0), input.dim(1), units)
                : Shape.of(input.dim(0), units);
        return new LayerBuild(output, weights, noise, innerValues(input.dim(1)),
                (long) input.dim(1) * stepOperations);
    }

    /**
     * What one sample holds inside the layer over {@code time} steps: per gate the input projection, the
     * recurrent product and the activation, and the state, at every step.
     */
    private long innerValues(int time) {
        return (long) time * options.units() * (3L * gates.size() + 1);
    }

    Masks masks(CallContext context) {
        List<Tensor> noise = context.noise();
        int inputMasks = options.dropout() > 0 ? (options.recurrentDropout() > 0 ? gates.size() : 1) : 0;
        return new Masks(noise.subList(0, Math.min(inputMasks, noise.size())),
                noise.subList(Math.min(inputMasks, noise.size()), noise.size()));
    }

    /**
     * Each gate's input projections, and where they are slices of one product, that product.
     *
     * @param gates    for each gate, {@code x_t · W_gate + b_gate} at every step {@code (batch, time, units)}
     * @param source   the product they are slices of, or {@code null} where each gate has a product of its own
     */
    record Projections(List<Tensor> gates, InputProjection source) {
    }

    /**
     * For each gate, {@code x_t · W_gate + b_gate} at every step, in reading order (last step first with
     * {@code goBackwards}): {@code (batch, time, units)} per gate. One product for all gates unless each gate has
     * its own input mask.
     *
     * @param inputBias {@code (gates·units)}, or {@code null}
     */
    Projections projectInputs(Ops ops, Tensor input, Tensor kernel, Tensor inputBias, List<Tensor> inputMasks) {
        Tensor x = options.goBackwards() ? reverseTime(ops, input) : input;
        int time = x.shape().dim(1);
        int features = x.shape().dim(2);
        int units = options.units();
        List<Tensor> projections = new ArrayList<>();
        if (inputMasks.size() <= 1) {
            Tensor read = inputMasks.isEmpty() ? x : masked(ops, x, inputMasks.get(0));
            Tensor all = project(ops, read, kernel, inputBias, time, features);
            for (int g = 0; g < gates.size(); g++) {
                projections.add(ops.slice(all, 2, g * units, units));
            }
            return new Projections(projections, new InputProjection(read, kernel, inputBias));
        }
        for (int g = 0; g < gates.size(); g++) {
            Tensor bias = inputBias == null ? null : ops.slice(inputBias, 0, g * units, units);
            projections.add(project(ops, masked(ops, x, inputMasks.get(g)), ops.slice(kernel, 1, g * units, units),
                    bias, time, features));
        }
        return new Projections(projections, null);
    }

    /** {@code x} {@code (batch, time, ...)} with its time steps in reverse order. */
    static Tensor reverseTime(Ops ops, Tensor x) {
        List<Tensor> steps = new ArrayList<>(ops.unstack(x, 1));
        Collections.reverse(steps);
        return ops.stack(steps, 1);
    }

    private static Tensor masked(Ops ops, Tensor x, Tensor mask) {
        return ops.multiply(x, ops.reshape(mask, Shape.of(Shape.UNKNOWN, 1, x.shape().dim(2))));
    }

    private static Tensor project(Ops ops, Tensor x, Tensor kernel, Tensor bias, int time, int features) {
        Tensor p = ops.matmul(ops.reshape(x, Shape.of(Shape.UNKNOWN, features)), kernel);
        if (bias != null) {
            p = ops.add(p, bias);
        }
        return ops.reshape(p, Shape.of(Shape.UNKNOWN, time, kernel.shape().dim(1)));
    }
}
