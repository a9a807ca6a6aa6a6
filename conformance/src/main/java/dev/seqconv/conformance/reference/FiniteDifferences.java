package dev.seqconv.conformance.reference;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Gradients of a scalar reference function by central differences in double precision: independent of any
 * differentiation rule, accurate to ~1e-9 for the smooth functions the kit probes away from their kinks.
 */
public final class FiniteDifferences {

    private static final double H = 1e-6;

    private FiniteDifferences() {
    }

    /** ∂f/∂inputs[which], each entry by {@code (f(x + h) − f(x − h)) / 2h}. */
    public static RefArray gradient(ToDoubleFunction<List<RefArray>> f, List<RefArray> inputs, int which) {
        RefArray x = inputs.get(which);
        RefArray g = RefArray.zeros(x.shape());
        for (int i = 0; i < x.size(); i++) {
            double original = x.flat(i);
            x.setFlat(i, original + H);
            double plus = f.applyAsDouble(inputs);
            x.setFlat(i, original - H);
            double minus = f.applyAsDouble(inputs);
            x.setFlat(i, original);
            g.setFlat(i, (plus - minus) / (2 * H));
        }
        return g;
    }
}
