package dev.seqconv.api.layers;

import dev.seqconv.api.initializers.Ones;
import dev.seqconv.api.initializers.Zeros;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Batch normalization, as Keras's {@code BatchNormalization}: every channel (index along {@code axis}) is
 * normalized and then scaled and shifted by its own {@code γ} and {@code β}.
 * <pre>
 * inference:  y = (x − moving_mean) / sqrt(moving_variance + ε) · γ + β
 * training:   μ = mean of x over every axis but {@code axis};  σ² = mean of (x − μ)² (biased, the population variance)
 *             y = (x − μ) / sqrt(σ² + ε) · γ + β
 *             moving_mean     ← moving_mean · momentum + μ · (1 − momentum)
 *             moving_variance ← moving_variance · momentum + σ² · (1 − momentum)
 * </pre>
 * computed as TensorFlow's {@code batch_normalization}: {@code inv = γ / sqrt(var + ε)}, {@code y = x · inv + (β −
 * mean · inv)}. The vectors run along {@code axis}; {@code γ} is 1 without {@code scale}, {@code β} is 0 without
 * {@code center}. The moving statistics are updated after the training step (Keras 3's and tf.keras 2.x's update
 * for these inputs), and the step's gradients flow through {@code μ} and {@code σ²}.
 *
 * <p>Weights, in Keras's order: {@code gamma (C)} (ones; with {@code scale}), {@code beta (C)} (zeros; with
 * {@code center}), then the non-trainable {@code moving_mean (C)} (zeros) and {@code moving_variance (C)} (ones),
 * {@code C} the input's size along {@code axis}. Made with {@link #of}, options with the {@code with...} methods:
 * {@code BatchNormalization.of().withAxis(1).withMomentum(0.9)}.
 *
 * @param name     the layer's name, or {@code null} for an automatic one
 * @param axis     the channel axis, negative counting from the end; any axis but the batch axis (Keras: -1)
 * @param momentum the weight of the old moving statistics in their update (Keras: 0.99)
 * @param epsilon  {@code ε}, added to the variance (Keras: 0.001)
 * @param center   whether to add {@code β}
 * @param scale    whether to multiply by {@code γ}
 */
public record BatchNormalization(String name, int axis, double momentum, double epsilon, boolean center,
                                 boolean scale) implements Layer {

    /** The scale {@code γ}. */
    public static final String GAMMA = "gamma";
    /** The shift {@code β}. */
    public static final String BETA = "beta";
    /** The moving mean, used at inference. */
    public static final String MOVING_MEAN = "moving_mean";
    /** The moving variance, used at inference. */
    public static final String MOVING_VARIANCE = "moving_variance";

    public BatchNormalization {
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNormalization: momentum must be in [0, 1], got " + momentum);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("BatchNormalization: epsilon must be > 0, got " + epsilon);
        }
    }

    /** Keras's {@code BatchNormalization()}: axis -1, momentum 0.99, epsilon 0.001, center and scale. */
    public static BatchNormalization of() {
        return new BatchNormalization(null, -1, 0.99, 0.001, true, true);
    }

    @Override
    public BatchNormalization withName(String name) {
        return new BatchNormalization(name, axis, momentum, epsilon, center, scale);
    }

    public BatchNormalization withAxis(int axis) {
        return new BatchNormalization(name, axis, momentum, epsilon, center, scale);
    }

    public BatchNormalization withMomentum(double momentum) {
        return new BatchNormalization(name, axis, momentum, epsilon, center, scale);
    }

    public BatchNormalization withEpsilon(double epsilon) {
        return new BatchNormalization(name, axis, momentum, epsilon, center, scale);
    }

    public BatchNormalization withCenter(boolean center) {
        return new BatchNormalization(name, axis, momentum, epsilon, center, scale);
    }

    public BatchNormalization withScale(boolean scale) {
        return new BatchNormalization(name, axis, momentum, epsilon, center, scale);
    }

    @Override
    public LayerBuild build(Shape inputShape) {
        int a = channelAxis(inputShape);
        int channels = inputShape.dim(a);
        if (channels == Shape.UNKNOWN) {
            throw new IllegalArgumentException("BatchNormalization needs a known size along its axis " + axis
                    + ", got " + inputShape + "; give the model an input shape with that dimension");
        }
        Shape vector = Shape.of(channels);
        List<WeightSpec> weights = new ArrayList<>();
        if (scale) {
            weights.add(new WeightSpec(GAMMA, vector, new Ones()));
        }
        if (center) {
            weights.add(new WeightSpec(BETA, vector, new Zeros()));
        }
        weights.add(WeightSpec.nonTrainable(MOVING_MEAN, vector, new Zeros()));
        weights.add(WeightSpec.nonTrainable(MOVING_VARIANCE, vector, new Ones()));
        return new LayerBuild(inputShape, weights);
    }

    @Override
    public Tensor call(Ops ops, Tensor input, Weights weights, CallContext context) {
        Shape shape = input.shape();
        int a = channelAxis(shape);
        if (!context.training()) {
            return normalize(ops, input, a, weights.get(MOVING_MEAN), weights.get(MOVING_VARIANCE), weights);
        }
        int[] reduced = new int[shape.rank() - 1];
        for (int i = 0, j = 0; i < shape.rank(); i++) {
            if (i != a) {
                reduced[j++] = i;
            }
        }
        Tensor mean = ops.mean(input, false, reduced);
        Tensor variance = ops.mean(ops.square(ops.subtract(input, along(ops, mean, shape, a))), false, reduced);
        context.assign(MOVING_MEAN, moved(ops, weights.get(MOVING_MEAN), mean));
        context.assign(MOVING_VARIANCE, moved(ops, weights.get(MOVING_VARIANCE), variance));
        return normalize(ops, input, a, mean, variance, weights);
    }

    /** {@code x · inv + (β − mean · inv)} with {@code inv = γ / sqrt(variance + ε)}, the vectors along axis {@code a}. */
    private Tensor normalize(Ops ops, Tensor x, int a, Tensor mean, Tensor variance, Weights weights) {
        Tensor inv = ops.divide(ops.scalar(1f), ops.sqrt(ops.add(variance, (float) epsilon)));
        if (scale) {
            inv = ops.multiply(inv, weights.get(GAMMA));
        }
        Tensor shift = ops.negate(ops.multiply(mean, inv));
        if (center) {
            shift = ops.add(weights.get(BETA), shift);
        }
        return ops.add(ops.multiply(x, along(ops, inv, x.shape(), a)), along(ops, shift, x.shape(), a));
    }

    private Tensor moved(Ops ops, Tensor moving, Tensor batch) {
        return ops.add(ops.multiply(moving, (float) momentum), ops.multiply(batch, (float) (1 - momentum)));
    }

    /** A {@code (C)} vector shaped to broadcast along axis {@code a} of a tensor of {@code shape}. */
    private static Tensor along(Ops ops, Tensor vector, Shape shape, int a) {
        if (a == shape.rank() - 1) {
            return vector;
        }
        int[] dims = new int[shape.rank()];
        Arrays.fill(dims, 1);
        dims[a] = shape.dim(a);
        return ops.reshape(vector, Shape.of(dims));
    }

    private int channelAxis(Shape shape) {
        int a;
        try {
            a = shape.normalizeAxis(axis);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("BatchNormalization: axis " + axis + " is out of range for inputs "
                    + shape + "; use an axis in [1, " + shape.rank() + ") or a negative one counting from the end", e);
        }
        if (a == 0) {
            throw new IllegalArgumentException("BatchNormalization: axis " + axis + " is the batch axis of inputs "
                    + shape + "; normalize along a feature axis (-1, Keras's default, or 1 for channels first)");
        }
        return a;
    }
}
