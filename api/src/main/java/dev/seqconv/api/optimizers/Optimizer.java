package dev.seqconv.api.optimizers;

import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;
import java.util.List;

/**
 * A rule that turns gradients into new weights, written once with {@link Ops} so that every engine applies
 * the same formula. State lives in slots: one tensor per slot name and weight, shaped like the weight and
 * starting at zero.
 */
public interface Optimizer {

    /** Keras's class name, e.g. {@code RMSprop}: by default this class's simple name. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** The per-weight state this optimizer keeps, e.g. {@code rms}. */
    List<String> slotNames();

    /**
     * One step for one weight.
     *
     * @param weight    the weight's current value
     * @param gradient  the loss's gradient with respect to it
     * @param slots     the weight's slots, in {@link #slotNames()} order
     * @param iteration the number of this step, {@code t = 1, 2, ...}, as a float32 scalar
     */
    Update update(Ops ops, Tensor weight, Tensor gradient, List<Tensor> slots, Tensor iteration);

    /**
     * The new values of a weight and its slots.
     *
     * @param weight the new weight
     * @param slots  the new slots, in {@link #slotNames()} order
     */
    record Update(Tensor weight, List<Tensor> slots) {
        public Update {
            slots = List.copyOf(slots);
        }
    }

    /** Checks a hyper-parameter that must be finite and positive. */
    static float positive(String optimizer, String name, float value) {
        if (!(value > 0) || !Float.isFinite(value)) {
            throw new IllegalArgumentException(optimizer + ": " + name + " must be a finite number > 0, got " + value);
        }
        return value;
    }

    /** Checks a decay rate that must lie in {@code [0, 1)}. */
    static float rate(String optimizer, String name, float value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(optimizer + ": " + name + " must be in [0, 1), got " + value);
        }
        return value;
    }
}
