package dev.seqconv.api.layers;

import dev.seqconv.api.initializers.GlorotUniform;
import dev.seqconv.api.initializers.Initializer;
import dev.seqconv.api.initializers.Zeros;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;
import java.util.Optional;

/**
 * A fully connected layer on the last axis, as Keras's {@code Dense}:
 * <pre>y[..., j] = a( Σ_i x[..., i] · kernel[i, j] + bias[j] )</pre>
 * Input {@code (batch, ..., in)}, output {@code (batch, ..., units)}. Weights {@code kernel (in, units)}
 * (Glorot uniform) and {@code bias (units)} (zeros). Made with {@link #of}, options with the {@code with...}
 * methods: {@code Dense.of(1, Activation.SIGMOID).withName("output")}.
 *
 * @param name              the layer's name, or {@code null} for an automatic one
 * @param units             the number of outputs
 * @param activation        {@code a}
 * @param useBias           whether to add {@code bias}
 * @param kernelInitializer how the kernel starts
 * @param biasInitializer   how the bias starts
 */
public record Dense(String name, int units, Activation activation, boolean useBias, Initializer kernelInitializer,
                    Initializer biasInitializer) implements Layer {

    public Dense {
        LayerChecks.positive("Dense", "units", units);
        LayerChecks.present("Dense", "activation", activation);
        LayerChecks.present("Dense", "kernelInitializer", kernelInitializer);
        LayerChecks.present("Dense", "biasInitializer", biasInitializer);
    }

    /** Keras's {@code Dense(units)}: linear, with bias. */
    public static Dense of(int units) {
        return of(units, Activation.LINEAR);
    }

    /** Keras's {@code Dense(units, activation=...)}. */
    public static Dense of(int units, Activation activation) {
        return new Dense(null, units, activation, true, new GlorotUniform(), new Zeros());
    }

    @Override
    public Dense withName(String name) {
        return new Dense(name, units, activation, useBias, kernelInitializer, biasInitializer);
    }

    public Dense withActivation(Activation activation) {
        return new Dense(name, units, activation, useBias, kernelInitializer, biasInitializer);
    }

    public Dense withUseBias(boolean useBias) {
        return new Dense(name, units, activation, useBias, kernelInitializer, biasInitializer);
    }

    public Dense withKernelInitializer(Initializer kernelInitializer) {
        return new Dense(name, units, activation, useBias, kernelInitializer, biasInitializer);
    }

    public Dense withBiasInitializer(Initializer biasInitializer) {
        return new Dense(name, units, activation, useBias, kernelInitializer, biasInitializer);
    }

    @Override
    public Optional<Activation> outputActivation() {
        return Optional.of(activation);
    }

    @Override
    public LayerBuild build(Shape inputShape) {
        if (inputShape.rank() < 2 || inputShape.dim(-1) == Shape.UNKNOWN) {
            throw new IllegalArgumentException("Dense takes inputs shaped (batch, ..., features) with known features, got "
                    + inputShape);
        }
        int in = inputShape.dim(-1);
        return new LayerBuild(inputShape.withDim(-1, units), WeightSpec.kernelAndBias(Shape.of(in, units),
                kernelInitializer, useBias, Shape.of(units), biasInitializer));
    }

    @Override
    public Tensor call(Ops ops, Tensor input, Weights weights, CallContext context) {
        Shape in = input.shape();
        boolean flatten = in.rank() > 2;
        Tensor x = flatten ? ops.reshape(input, Shape.of(Shape.UNKNOWN, in.dim(-1))) : input;
        Tensor y = weights.addBias(ops, ops.matmul(x, weights.get(WeightSpec.KERNEL)));
        if (flatten) {
            y = ops.reshape(y, in.withDim(-1, units));
        }
        return activation.apply(ops, y);
    }
}
