package dev.seqconv.api.ops;

/**
 * The operands of one RMSprop update of a weight (see {@link Ops#rmsprop}), as
 * {@link dev.seqconv.api.optimizers.RMSprop} defines it, each operation rounded to float32 in this order:
 * <pre>
 * s' = s·ρ + g²·(1 − ρ)
 * w' = w − (g·lr) / (√s' + ε)
 * </pre>
 *
 * @param weight       {@code w}
 * @param gradient     {@code g}, of the weight's shape
 * @param meanSquare   {@code s}, of the weight's shape
 * @param learningRate {@code lr}
 * @param rho          {@code ρ}
 * @param epsilon      {@code ε}
 */
public record RmspropStep(Tensor weight, Tensor gradient, Tensor meanSquare, float learningRate, float rho,
                          float epsilon) {

    public RmspropStep {
        if (!gradient.shape().equals(weight.shape()) || !meanSquare.shape().equals(weight.shape())) {
            throw new IllegalArgumentException("RMSprop step: weight " + weight.shape() + ", gradient "
                    + gradient.shape() + " and mean square " + meanSquare.shape() + " must have one shape");
        }
    }

    /** The step's results: {@code w'} and {@code s'}. */
    public record Result(Tensor weight, Tensor meanSquare) {
    }
}
