package dev.seqconv.api.layers;

import dev.seqconv.api.initializers.GlorotUniform;
import dev.seqconv.api.initializers.Initializer;
import dev.seqconv.api.initializers.Zeros;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * One-dimensional convolution over time, as Keras's {@code Conv1D}. With the input padded as
 * {@link Padding} says, and kernel size {@code k}:
 * <pre>y[b, t, f] = a( Σ_{i<k} Σ_c x[b, t·strides + i·dilationRate, c] · kernel[i, c, f] + bias[f] )</pre>
 * Input {@code (batch, time, channels)}, output {@code (batch, time', filters)}. Weights
 * {@code kernel (k, channels, filters)} (Glorot uniform) and {@code bias (filters)} (zeros).
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

    /** Keras's {@code Conv1D(filters, kernelSize, activation=...)} with its other defaults. */
    public static Conv1D of(int filters, int kernelSize, Activation activation) {
        return builder(filters, kernelSize).activation(activation).build();
    }

    public static Builder builder(int filters, int kernelSize) {
        return new Builder(filters, kernelSize);
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
        List<WeightSpec> weights = new ArrayList<>();
        weights.add(new WeightSpec("kernel", Shape.of(kernelSize, inputShape.dim(2), filters), kernelInitializer));
        if (useBias) {
            weights.add(new WeightSpec("bias", Shape.of(filters), biasInitializer));
        }
        return new LayerBuild(Shape.of(inputShape.dim(0), length, filters), weights);
    }

    @Override
    public Tensor call(Ops ops, Tensor input, List<Tensor> weights, CallContext context) {
        int[] pad = padding.amounts(input.shape().dim(1), window(), strides);
        Tensor y = ops.conv1d(ops.pad(input, 1, pad[0], pad[1], 0f), weights.get(0), strides, dilationRate);
        if (useBias) {
            y = ops.add(y, weights.get(1));
        }
        return activation.apply(ops, y);
    }

    /** Builds a {@link Conv1D}; unset options take Keras's defaults. */
    public static final class Builder {
        private final int filters;
        private final int kernelSize;
        private String name;
        private int strides = 1;
        private Padding padding = Padding.VALID;
        private int dilationRate = 1;
        private Activation activation = Activation.LINEAR;
        private boolean useBias = true;
        private Initializer kernelInitializer = new GlorotUniform();
        private Initializer biasInitializer = new Zeros();

        private Builder(int filters, int kernelSize) {
            this.filters = filters;
            this.kernelSize = kernelSize;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder strides(int strides) {
            this.strides = strides;
            return this;
        }

        public Builder padding(Padding padding) {
            this.padding = padding;
            return this;
        }

        public Builder dilationRate(int dilationRate) {
            this.dilationRate = dilationRate;
            return this;
        }

        public Builder activation(Activation activation) {
            this.activation = activation;
            return this;
        }

        public Builder useBias(boolean useBias) {
            this.useBias = useBias;
            return this;
        }

        public Builder kernelInitializer(Initializer kernelInitializer) {
            this.kernelInitializer = kernelInitializer;
            return this;
        }

        public Builder biasInitializer(Initializer biasInitializer) {
            this.biasInitializer = biasInitializer;
            return this;
        }

        public Conv1D build() {
            return new Conv1D(name, filters, kernelSize, strides, padding, dilationRate, activation, useBias,
                    kernelInitializer, biasInitializer);
        }
    }
}
