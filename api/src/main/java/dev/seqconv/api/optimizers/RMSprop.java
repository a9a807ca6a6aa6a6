package dev.seqconv.api.optimizers;

import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.RmspropStep;
import dev.seqconv.api.ops.Tensor;
import java.util.List;

/**
 * RMSprop exactly as tf.keras 2.x applies it (without momentum, not centered), the optimizer of the chapter:
 * <pre>
 * s ← ρ·s + (1 − ρ)·g²          (s starts at 0)
 * w ← w − lr·g / (√s + ε)
 * </pre>
 * with defaults {@code lr = 1e-3}, {@code ρ = 0.9}, {@code ε = 1e-7}. The ε sits outside the square root, as in
 * tf.keras 2.x's {@code RMSprop._resource_apply_dense} (and Keras 1/2.0, and Keras 3); TensorFlow's raw
 * {@code ApplyRMSProp} op, used by tf.keras only with momentum, puts it inside ({@code √(s + ε)}).
 * Its sparse (embedding) path gives the same result: rows absent from a batch have {@code g = 0}.
 * The update is {@link Ops#rmsprop}: engines with a fused kernel compute the same operations in the same order.
 *
 * @param learningRate {@code lr}
 * @param rho          {@code ρ}, the decay of the mean square
 * @param epsilon      {@code ε}
 */
public record RMSprop(float learningRate, float rho, float epsilon) implements Optimizer {

    public RMSprop {
        Optimizer.positive("RMSprop", "learningRate", learningRate);
        Optimizer.rate("RMSprop", "rho", rho);
        Optimizer.positive("RMSprop", "epsilon", epsilon);
    }

    /** Keras's defaults. */
    public RMSprop() {
        this(1e-3f);
    }

    /** Keras's defaults with another learning rate, e.g. the chapter's {@code RMSprop(lr=1e-4)}. */
    public RMSprop(float learningRate) {
        this(learningRate, 0.9f, 1e-7f);
    }

    @Override
    public List<String> slotNames() {
        return List.of("rms");
    }

    @Override
    public Update update(Ops ops, Tensor weight, Tensor gradient, List<Tensor> slots, Tensor iteration) {
        RmspropStep.Result r = ops.rmsprop(new RmspropStep(weight, gradient, slots.get(0), learningRate, rho, epsilon));
        return new Update(r.weight(), List.of(r.meanSquare()));
    }
}
