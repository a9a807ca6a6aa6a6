package dev.seqconv.api.losses;

import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;

/** Keras's {@code mse}: {@code mean((p − z)²)}. */
public record MeanSquaredError() implements Loss {

    @Override
    public String name() {
        return "mse";
    }

    @Override
    public Tensor compute(Ops ops, Tensor yTrue, Tensor yPred) {
        Tensor squared = ops.square(ops.subtract(yPred, yTrue));
        return ops.mean(squared);
    }
}
