package dev.seqconv.api.layers;

import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;
import java.util.Optional;

/**
 * An activation applied element by element, as Keras's {@code Activation} layer: {@code y = a(x)}, same shape, no
 * weights ({@link Activation#SOFTMAX} acts on the last axis). Named {@code ActivationLayer} here because
 * {@link Activation} names the function; its {@link #typeName()} is Keras's {@code Activation}.
 *
 * @param name       the layer's name, or {@code null} for an automatic one ({@code activation_1})
 * @param activation {@code a}
 */
public record ActivationLayer(String name, Activation activation) implements Layer {

    public ActivationLayer {
        LayerChecks.present("Activation", "activation", activation);
    }

    /** Keras's {@code Activation(activation)}. */
    public static ActivationLayer of(Activation activation) {
        return new ActivationLayer(null, activation);
    }

    @Override
    public ActivationLayer withName(String name) {
        return new ActivationLayer(name, activation);
    }

    @Override
    public String typeName() {
        return "Activation";
    }

    @Override
    public Optional<Activation> outputActivation() {
        return Optional.of(activation);
    }

    @Override
    public LayerBuild build(Shape inputShape) {
        return LayerBuild.of(inputShape);
    }

    @Override
    public Tensor call(Ops ops, Tensor input, Weights weights, CallContext context) {
        return activation.apply(ops, input);
    }
}
