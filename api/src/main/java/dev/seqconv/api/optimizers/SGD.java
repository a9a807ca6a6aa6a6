package dev.seqconv.api.optimizers;

import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;
import java.util.List;

/**
 * Stochastic gradient descent with optional momentum, as tf.keras 2.x ({@code ApplyKerasMomentum}):
 * <pre>
 * without momentum:  w ← w − lr·g
 * with momentum μ:   v ← μ·v − lr·g;  w ← w + v            (v starts at 0)
 * Nesterov:          v ← μ·v − lr·g;  w ← w + μ·v − lr·g
 * </pre>
 * Defaults {@code lr = 0.01}, {@code μ = 0}.
 *
 * @param learningRate {@code lr}
 * @param momentum     {@code μ}
 * @param nesterov     whether to use Nesterov momentum
 */
public record SGD(float learningRate, float momentum, boolean nesterov) implements Optimizer {

    public SGD {
        Optimizer.positive("SGD", "learningRate", learningRate);
        Optimizer.rate("SGD", "momentum", momentum);
    }

    /** Keras's defaults. */
    public SGD() {
        this(0.01f, 0f, false);
    }

    @Override
    public List<String> slotNames() {
        return momentum == 0f ? List.of() : List.of("momentum");
    }

    @Override
    public Update update(Ops ops, Tensor weight, Tensor gradient, List<Tensor> slots, Tensor iteration) {
        Tensor step = ops.multiply(gradient, learningRate);
        if (momentum == 0f) {
            return new Update(ops.subtract(weight, step), List.of());
        }
        Tensor v = ops.subtract(ops.multiply(slots.get(0), momentum), step);
        Tensor w = nesterov ? ops.subtract(ops.add(weight, ops.multiply(v, momentum)), step) : ops.add(weight, v);
        return new Update(w, List.of(v));
    }
}
