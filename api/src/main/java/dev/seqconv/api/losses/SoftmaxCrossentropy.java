package dev.seqconv.api.losses;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;
import java.util.Optional;

/** What the two categorical cross-entropies share: TensorFlow's softmax cross-entropy on logits, and one-hot rows. */
final class SoftmaxCrossentropy {

    private SoftmaxCrossentropy() {
    }

    /** The logits to compute from: {@code yPred} itself if it holds logits, else the input of its softmax if any. */
    static Optional<Tensor> logits(Ops ops, Tensor yPred, boolean fromLogits) {
        return fromLogits ? Optional.of(yPred) : ops.logitsOf(yPred, Activation.SOFTMAX);
    }

    /**
     * TensorFlow's {@code softmax_cross_entropy_with_logits} over the last axis, per row:
     * {@code Σ_j z_j·(lse(x) − x_j)} with {@code lse(x) = m + log Σ_j e^{x_j − m}}, {@code m = max_j x_j};
     * its gradient is {@code softmax(x)·Σ_j z_j − z}.
     */
    static Tensor onLogits(Ops ops, Tensor z, Tensor x) {
        int last = x.rank() - 1;
        Tensor m = ops.max(x, true, last);
        Tensor lse = ops.add(m, ops.log(ops.sum(ops.exp(ops.subtract(x, m)), true, last)));
        return ops.sum(ops.multiply(z, ops.subtract(lse, x)), false, last);
    }

    /**
     * One-hot rows {@code (..., classes)} for class ids {@code (..., 1)}: 1 where the id equals the column, so an id
     * outside {@code [0, classes)} would give a row of zeros (the model refuses such ids before this runs).
     */
    static Tensor oneHot(Ops ops, Tensor ids, int classes) {
        if (ids.rank() == 0 || ids.shape().dim(-1) != 1) {
            throw new IllegalArgumentException("Class ids must have a last dimension of 1, one id per row of the "
                    + "predictions, got shape " + ids.shape());
        }
        float[] columns = new float[classes];
        for (int c = 0; c < classes; c++) {
            columns[c] = c;
        }
        return ops.equal(ids, ops.constant(NdArray.ofFloats(Shape.of(classes), columns)));
    }
}
