package dev.seqconv.api.layers;

import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A recurrent layer run both ways over the sequence, as Keras's {@code Bidirectional}: the forward layer reads
 * {@code x[0], …, x[T−1]}, the backward layer (its own weights; {@code go_backwards} the other way) reads
 * {@code x[T−1], …, x[0]}, and their outputs {@code f} and {@code b} are merged by {@link MergeMode}:
 * <pre>
 * without returnSequences:  y = merge(f_T, b_T)                    (the two final states)
 * with returnSequences:     y[t] = merge(f[t], b[T−1−t])           (the backward sequence reversed back, so
 *                                                                   y[t] holds both states after reading x[t])
 * merge: CONCAT [f, b] (forward first) · SUM f + b · MUL f ⊙ b · AVE (f + b) / 2
 * </pre>
 * Output {@code (batch, units_f + units_b)} with CONCAT, {@code (batch, units)} otherwise ({@code (batch, time, ...)}
 * with returnSequences). Weights: the forward layer's, then the backward layer's, named
 * {@code forward_layer/<name>} and {@code backward_layer/<name>} (e.g. {@code forward_layer/kernel}); dropout
 * masks likewise prefixed.
 *
 * <p>Made with {@link #of}: {@code Bidirectional.of(LSTM.of(64)).withMergeMode(MergeMode.SUM)}.
 *
 * @param name          the layer's name, or {@code null} for an automatic one
 * @param forwardLayer  the layer that reads the sequence as {@code forwardLayer.options().goBackwards()} says
 *                      (forward, usually)
 * @param backwardLayer the layer that reads it the other way, with the same {@code returnSequences}
 * @param mergeMode     how the two outputs are joined; not {@link MergeMode#NONE}
 */
public record Bidirectional(String name, RecurrentLayer forwardLayer, RecurrentLayer backwardLayer,
                            MergeMode mergeMode) implements Layer {

    /** The prefix of the forward layer's weight and mask names. */
    public static final String FORWARD = "forward_layer";
    /** The prefix of the backward layer's weight and mask names. */
    public static final String BACKWARD = "backward_layer";

    public Bidirectional {
        LayerChecks.present("Bidirectional", "forwardLayer", forwardLayer);
        LayerChecks.present("Bidirectional", "backwardLayer", backwardLayer);
        LayerChecks.present("Bidirectional", "mergeMode", mergeMode);
        RecurrentOptions f = forwardLayer.options();
        RecurrentOptions b = backwardLayer.options();
        if (f.goBackwards() == b.goBackwards()) {
            throw new IllegalArgumentException("Bidirectional: the backward layer must read the sequence the other "
                    + "way from the forward layer, but both have goBackwards=" + f.goBackwards()
                    + "; give the backward layer goBackwards=" + !f.goBackwards()
                    + " (or leave it out: Bidirectional.of(layer) makes it)");
        }
        if (f.returnSequences() != b.returnSequences()) {
            throw new IllegalArgumentException("Bidirectional: the forward layer has returnSequences="
                    + f.returnSequences() + " but the backward layer " + b.returnSequences()
                    + "; give both the same returnSequences");
        }
        if (mergeMode == MergeMode.NONE) {
            throw new IllegalArgumentException("Bidirectional: merge mode NONE (Keras's merge_mode=None) returns two "
                    + "tensors, which a layer of a Sequential model cannot pass on; use MergeMode.CONCAT, which "
                    + "holds the same values (forward units first, then backward)");
        }
        if (mergeMode != MergeMode.CONCAT && f.units() != b.units()) {
            throw new IllegalArgumentException("Bidirectional: merge mode " + mergeMode + " needs layers of the same "
                    + "units, got " + f.units() + " forward and " + b.units() + " backward; use equal units or "
                    + "MergeMode.CONCAT");
        }
    }

    /**
     * Keras's {@code Bidirectional(layer)}: {@code layer} forward, a copy of it with {@code goBackwards} inverted
     * (its own weights) backward, outputs concatenated.
     */
    public static Bidirectional of(RecurrentLayer layer) {
        LayerChecks.present("Bidirectional", "layer", layer);
        return new Bidirectional(null, layer, layer.withGoBackwards(!layer.options().goBackwards()), MergeMode.CONCAT);
    }

    @Override
    public Bidirectional withName(String name) {
        return new Bidirectional(name, forwardLayer, backwardLayer, mergeMode);
    }

    /**
     * This layer with a backward layer of its own (Keras's {@code backward_layer}), which must have the opposite
     * {@code goBackwards} and the same {@code returnSequences} as the forward layer.
     */
    public Bidirectional withBackwardLayer(RecurrentLayer backwardLayer) {
        return new Bidirectional(name, forwardLayer, backwardLayer, mergeMode);
    }

    public Bidirectional withMergeMode(MergeMode mergeMode) {
        return new Bidirectional(name, forwardLayer, backwardLayer, mergeMode);
    }

    @Override
    public LayerBuild build(Shape inputShape) {
        LayerBuild f = forwardLayer.build(inputShape);
        LayerBuild b = backwardLayer.build(inputShape);
        Shape output = mergeMode == MergeMode.CONCAT
                ? f.outputShape().withDim(-1, f.outputShape().dim(-1) + b.outputShape().dim(-1))
                : f.outputShape();
        List<WeightSpec> weights = new ArrayList<>();
        List<NoiseSpec> noise = new ArrayList<>();
        for (String half : List.of(FORWARD, BACKWARD)) {
            LayerBuild build = half.equals(FORWARD) ? f : b;
            build.weights().forEach(w -> weights.add(new WeightSpec(half + "/" + w.name(), w.shape(),
                    w.initializer(), w.trainable())));
            build.noise().forEach(n -> noise.add(new NoiseSpec(half + "/" + n.name(), n.sampleShape(), n.rate())));
        }
        return new LayerBuild(output, weights, noise, f.innerValues() + b.innerValues(),
                f.unrolledOperations() + b.unrolledOperations());
    }

    @Override
    public Tensor call(Ops ops, Tensor input, Weights weights, CallContext context) {
        int forwardMasks = context.training() ? forwardLayer.build(input.shape()).noise().size() : 0;
        List<Tensor> noise = context.noise();
        Tensor f = forwardLayer.call(ops, input, weights.under(FORWARD), half(context, noise.subList(0, forwardMasks)));
        Tensor b = backwardLayer.call(ops, input, weights.under(BACKWARD),
                half(context, noise.subList(forwardMasks, noise.size())));
        if (backwardLayer.options().returnSequences()) {
            b = Recurrence.reverseTime(ops, b);
        }
        return switch (mergeMode) {
            case CONCAT -> ops.concat(List.of(f, b), f.rank() - 1);
            case SUM -> ops.add(f, b);
            case MUL -> ops.multiply(f, b);
            case AVE -> ops.multiply(ops.add(f, b), 0.5f);
            case NONE -> throw new IllegalStateException("merge mode NONE is refused when the layer is made");
        };
    }

    private static CallContext half(CallContext context, List<Tensor> noise) {
        return context.training() ? CallContext.training(noise) : CallContext.inference();
    }
}
