package dev.seqconv.api.layers;

import dev.seqconv.api.initializers.GlorotUniform;
import dev.seqconv.api.initializers.Initializer;
import dev.seqconv.api.initializers.Zeros;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.ops.Conv1dLayer;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;
import java.util.Optional;

/**
 * One-dimensional convolution over time, as Keras's {@code Conv1D}. With the input padded as
 * {@link Padding} says, and kernel size {@code k}:
 * <pre>y[b, t, f] = a( Σ_{i<k} Σ_c x[b, t·strides + i·dilationRate, c] · kernel[i, c, f] + bias[f] )</pre>
 * Input {@code (batch, time, channels)}, output {@code (batch, time', filters)}. Weights
 * {@code kernel (k, channels, filters)} (Glorot uniform) and {@code bias (filters)} (zeros). Made with
 * {@link #of}, options with the {@code with...} methods:
 * {@code Conv1D.of(32, 5, Activation.RELU).withPadding(Padding.CAUSAL).withDilationRate(2)}.
 *
 * @param name              the layer's name, or {@code null} for an automatic one
 * @param filters           the number of output features
 * @param kernelSize        the window length {@code k}
 * @param strides           the step between windows
 * @param padding           how the ends of the sequence are treated
 * @param dilationRate      the step between the taps of a window
 * @param activation        {@code a}
 * @param useBias           whether to add {@code bias}
 * @param kernelInitializer how the kernel starts
 * @param biasInitializer   how the bias starts
 */
public record Conv1D(String name, int filters, int kernelSize, int strides, Padding padding, int dilationRate,
                     Activation activation, boolean useBias, Initializer kernelInitializer,
                     Initializer biasInitializer) implements Layer {

    public Conv1D {
        LayerChecks.positive("Conv1D", "filters", filters);
        LayerChecks.positive("Conv1D", "kernelSize", kernelSize);
        LayerChecks.positive("Conv1D", "strides", strides);
        LayerChecks.positive("Conv1D", "dilationRate", dilationRate);
        LayerChecks.present("Conv1D", "padding", padding);
        LayerChecks.present("Conv1D", "activation", activation);
        LayerChecks.present("Conv1D", "kernelInitializer", kernelInitializer);
        LayerChecks.present("Conv1D", "biasInitializer", biasInitializer);
        if (strides > 1 && dilationRate > 1) {
            throw new IllegalArgumentException("Conv1D: strides > 1 with dilationRate > 1 is not supported "
                    + "(Keras refuses it too); use one or the other");
        }
    }

    /** Keras's {@code Conv1D(filters, kernelSize)}: linear, stride 1, {@code valid} padding, with bias. */
    public static Conv1D of(int filters, int kernelSize) {
        return of(filters, kernelSize, Activation.LINEAR);
    }

    /** Keras's {@code Conv1D(filters, kernelSize, activation=...)} with its other defaults. */
    public static Conv1D of(int filters, int kernelSize, Activation activation) {
        return new Conv1D(null, filters, kernelSize, 1, Padding.VALID, 1, activation, true, new GlorotUniform(),
                new Zeros());
    }

    @Override
    public Conv1D withName(String name) {
        return new Conv1D(name, filters, kernelSize, strides, padding, dilationRate, activation, useBias,
                kernelInitializer, biasInitializer);
    }

    public Conv1D withStrides(int strides) {
        return new Conv1D(name, filters, kernelSize, strides, padding, dilationRate, activation, useBias,
                kernelInitializer, biasInitializer);
    }

    public Conv1D withPadding(Padding padding) {
        return new Conv1D(name, filters, kernelSize, strides, padding, dilationRate, activation, useBias,
                kernelInitializer, biasInitializer);
    }

    public Conv1D withDilationRate(int dilationRate) {
        return new Conv1D(name, filters, kernelSize, strides, padding, dilationRate, activation, useBias,
                kernelInitializer, biasInitializer);
    }

    public Conv1D withActivation(Activation activation) {
        return new Conv1D(name, filters, kernelSize, strides, padding, dilationRate, activation, useBias,
                kernelInitializer, biasInitializer);
    }

    public Conv1D withUseBias(boolean useBias) {
        return new Conv1D(name, filters, kernelSize, strides, padding, dilationRate, activation, useBias,
                kernelInitializer, biasInitializer);
    }

    public Conv1D withKernelInitializer(Initializer kernelInitializer) {
        return new Conv1D(name, filters, kernelSize, strides, padding, dilationRate, activation, useBias,
                kernelInitializer, biasInitializer);
    }

    public Conv1D withBiasInitializer(Initializer biasInitializer) {
        return new Conv1D(name, filters, kernelSize, strides, padding, dilationRate, activation, useBias,
                kernelInitializer, biasInitializer);
    }

    @Override
    public Optional<Activation> outputActivation() {
        return Optional.of(activation);
    }

    /** The number of time steps one window spans. */
    public int window() {
        return dilationRate * (kernelSize - 1) + 1;
    }

    @Override
    public LayerBuild build(Shape inputShape) {
        LayerChecks.sequence("Conv1D", inputShape);
        int length = padding.outputLength(inputShape.dim(1), window(), strides);
        if (length <= 0) {
            throw new IllegalArgumentException("Conv1D: a sequence of " + inputShape.dim(1) + " steps is too short for "
                    + "a window of " + window() + " steps with padding " + padding + "; use a smaller kernelSize or "
                    + "dilationRate, padding SAME, or longer sequences");
        }
        return new LayerBuild(Shape.of(inputShape.dim(0), length, filters), WeightSpec.kernelAndBias(
                Shape.of(kernelSize, inputShape.dim(2), filters), kernelInitializer, useBias, Shape.of(filters),
                biasInitializer));
    }

    @Override
    public Tensor call(Ops ops, Tensor input, Weights weights, CallContext context) {
        int[] pad = padding.amounts(input.shape().dim(1), window(), strides);
        return ops.conv1dLayer(new Conv1dLayer(ops.pad(input, 1, pad[0], pad[1], 0f), weights.get(WeightSpec.KERNEL),
                weights.find(WeightSpec.BIAS).orElse(null), strides, dilationRate, activation));
    }
}
