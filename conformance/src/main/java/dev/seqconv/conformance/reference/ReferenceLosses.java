package dev.seqconv.conformance.reference;

/** Keras's losses in double precision, each the mean over all entries. */
public final class ReferenceLosses {

    /** Keras's epsilon and clip bound as the float32 values TensorFlow computes with. */
    private static final double EPSILON = 1e-7f;
    private static final double ONE_MINUS_EPSILON = 1f - 1e-7f;

    private ReferenceLosses() {
    }

    /** tf.keras 2.x on probabilities: clip to [ε, 1−ε] (bounds rounded to float32, as TensorFlow has them), then −[z·log(p+ε) + (1−z)·log(1−p+ε)]. */
    public static double binaryCrossentropy(RefArray z, RefArray p) {
        double sum = 0;
        for (int i = 0; i < p.size(); i++) {
            double q = Math.min(Math.max(p.flat(i), EPSILON), ONE_MINUS_EPSILON);
            sum -= z.flat(i) * Math.log(q + EPSILON) + (1 - z.flat(i)) * Math.log(1 - q + EPSILON);
        }
        return sum / p.size();
    }

    /** On logits x: −[z·log σ(x) + (1−z)·log(1 − σ(x))], computed stably. */
    public static double binaryCrossentropyFromLogits(RefArray z, RefArray x) {
        double sum = 0;
        for (int i = 0; i < x.size(); i++) {
            double v = x.flat(i);
            sum += Math.max(v, 0) - v * z.flat(i) + Math.log1p(Math.exp(-Math.abs(v)));
        }
        return sum / x.size();
    }

    /**
     * tf.keras 2.x's categorical cross-entropy on probabilities, averaged over rows of the last axis: each row scaled
     * to sum 1, clipped to [ε, 1−ε], then −Σ_j z_j·log p_j.
     */
    public static double categoricalCrossentropy(RefArray z, RefArray p) {
        int width = p.dim(p.shape().length - 1);
        int rows = p.size() / width;
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            double total = 0;
            for (int j = 0; j < width; j++) {
                total += p.flat(r * width + j);
            }
            for (int j = 0; j < width; j++) {
                double q = Math.min(Math.max(p.flat(r * width + j) / total, EPSILON), ONE_MINUS_EPSILON);
                sum -= z.flat(r * width + j) * Math.log(q);
            }
        }
        return sum / rows;
    }

    /** On logits x, averaged over rows: Σ_j z_j·(log Σ_k e^{x_k} − x_j). */
    public static double categoricalCrossentropyFromLogits(RefArray z, RefArray x) {
        int width = x.dim(x.shape().length - 1);
        int rows = x.size() / width;
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            double lse = logSumExp(x, r, width);
            for (int j = 0; j < width; j++) {
                sum += z.flat(r * width + j) * (lse - x.flat(r * width + j));
            }
        }
        return sum / rows;
    }

    /** Sparse, on probabilities: clipped to [ε, 1−ε], then log Σ_k p_k − log p_y; {@code ids} one per row. */
    public static double sparseCategoricalCrossentropy(RefArray ids, RefArray p) {
        RefArray logs = p.copy();
        for (int i = 0; i < p.size(); i++) {
            logs.setFlat(i, Math.log(Math.min(Math.max(p.flat(i), EPSILON), ONE_MINUS_EPSILON)));
        }
        return sparseCategoricalCrossentropyFromLogits(ids, logs);
    }

    /** Sparse, on logits x: log Σ_k e^{x_k} − x_y, averaged over rows. */
    public static double sparseCategoricalCrossentropyFromLogits(RefArray ids, RefArray x) {
        int width = x.dim(x.shape().length - 1);
        int rows = x.size() / width;
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            sum += logSumExp(x, r, width) - x.flat(r * width + (int) ids.flat(r));
        }
        return sum / rows;
    }

    /** {@code log Σ_j e^{x_j}} over row {@code row} of the last axis (of {@code width}), shifted by the row's maximum. */
    public static double logSumExp(RefArray x, int row, int width) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < width; j++) {
            max = Math.max(max, x.flat(row * width + j));
        }
        double total = 0;
        for (int j = 0; j < width; j++) {
            total += Math.exp(x.flat(row * width + j) - max);
        }
        return max + Math.log(total);
    }

    public static double meanSquaredError(RefArray z, RefArray p) {
        double sum = 0;
        for (int i = 0; i < p.size(); i++) {
            double d = p.flat(i) - z.flat(i);
            sum += d * d;
        }
        return sum / p.size();
    }

    public static double meanAbsoluteError(RefArray z, RefArray p) {
        double sum = 0;
        for (int i = 0; i < p.size(); i++) {
            sum += Math.abs(p.flat(i) - z.flat(i));
        }
        return sum / p.size();
    }
}
