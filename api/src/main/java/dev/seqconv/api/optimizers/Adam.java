package dev.seqconv.api.optimizers;

import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;
import java.util.List;

/**
 * Adam as tf.keras 2.x applies it (TensorFlow's {@code ApplyAdam}), at step {@code t}:
 * <pre>
 * lr_t = lr · √(1 − β₂ᵗ) / (1 − β₁ᵗ)
 * m ← β₁·m + (1 − β₁)·g
 * v ← β₂·v + (1 − β₂)·g²
 * w ← w − lr_t · m / (√v + ε)
 * </pre>
 * with defaults {@code lr = 1e-3}, {@code β₁ = 0.9}, {@code β₂ = 0.999}, {@code ε = 1e-7}; m and v start at 0.
 *
 * @param learningRate {@code lr}
 * @param beta1        {@code β₁}
 * @param beta2        {@code β₂}
 * @param epsilon      {@code ε}
 */
public record Adam(float learningRate, float beta1, float beta2, float epsilon) implements Optimizer {

    public Adam {
        Optimizer.positive("Adam", "learningRate", learningRate);
        Optimizer.rate("Adam", "beta1", beta1);
        Optimizer.rate("Adam", "beta2", beta2);
        Optimizer.positive("Adam", "epsilon", epsilon);
    }

    /** Keras's defaults. */
    public Adam() {
        this(1e-3f);
    }

    public Adam(float learningRate) {
        this(learningRate, 0.9f, 0.999f, 1e-7f);
    }

    @Override
    public List<String> slotNames() {
        return List.of("m", "v");
    }

    @Override
    public Update update(Ops ops, Tensor weight, Tensor gradient, List<Tensor> slots, Tensor iteration) {
        Tensor one = ops.scalar(1f);
        Tensor beta1Power = ops.exp(ops.multiply(iteration, (float) Math.log(beta1)));
        Tensor beta2Power = ops.exp(ops.multiply(iteration, (float) Math.log(beta2)));
        Tensor lrT = ops.divide(ops.multiply(ops.sqrt(ops.subtract(one, beta2Power)), learningRate),
                ops.subtract(one, beta1Power));
        Tensor m = ops.add(ops.multiply(slots.get(0), beta1), ops.multiply(gradient, 1f - beta1));
        Tensor v = ops.add(ops.multiply(slots.get(1), beta2), ops.multiply(ops.square(gradient), 1f - beta2));
        Tensor step = ops.divide(ops.multiply(m, lrT), ops.add(ops.sqrt(v), epsilon));
        return new Update(ops.subtract(weight, step), List.of(m, v));
    }
}
