package dev.seqconv.api.losses;

import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;

/** Keras's {@code mae}: {@code mean(|p − z|)}, the loss of the chapter's Jena models. */
public record MeanAbsoluteError() implements Loss {

    @Override
    public String name() {
        return "mae";
    }

    @Override
    public Tensor compute(Ops ops, Tensor yTrue, Tensor yPred) {
        Tensor absolute = ops.abs(ops.subtract(yPred, yTrue));
        return ops.mean(absolute);
    }
}
