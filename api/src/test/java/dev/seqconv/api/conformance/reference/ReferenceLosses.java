package dev.seqconv.api.conformance.reference;

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
