package dev.seqconv.api.layers;

import dev.seqconv.api.ops.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a layer may need to know about the call it is part of, and where it puts the new values of its
 * non-trainable weights (Keras's {@code variable.assign(...)} inside {@code call}, as BatchNormalization updates its
 * moving statistics).
 *
 * <p>A context belongs to one layer call of one traced function; it is not shared between threads.
 */
public final class CallContext {

    private final boolean training;
    private final List<Tensor> noise;
    private final Map<String, Tensor> assignments = new LinkedHashMap<>();

    private CallContext(boolean training, List<Tensor> noise) {
        this.training = training;
        this.noise = List.copyOf(noise);
        if (!training && !noise.isEmpty()) {
            throw new IllegalArgumentException("Dropout masks are for training calls only");
        }
    }

    /** An evaluation or prediction call: no dropout, no assignments. */
    public static CallContext inference() {
        return new CallContext(false, List.of());
    }

    /**
     * A training call with these masks.
     *
     * @param noise this layer's dropout masks, {@code (batch, ...)} each, in the order its {@link LayerBuild#noise()}
     *              declared them
     */
    public static CallContext training(List<Tensor> noise) {
        return new CallContext(true, noise);
    }

    /** Whether this is a training step (dropout on, moving statistics updated) rather than evaluation or prediction. */
    public boolean training() {
        return training;
    }

    /** In training, this layer's dropout masks in declaration order; empty otherwise. */
    public List<Tensor> noise() {
        return noise;
    }

    /**
     * Gives the non-trainable weight {@code weightName} the value {@code value} once the training step ends. The
     * step's other computations still see the value it had when the step started.
     *
     * @throws IllegalStateException if this is not a training call, or the weight was assigned already in this call
     */
    public void assign(String weightName, Tensor value) {
        if (!training) {
            throw new IllegalStateException("Weight '" + weightName + "' is assigned in an inference call; layers "
                    + "update non-trainable weights in training calls only");
        }
        if (assignments.putIfAbsent(weightName, value) != null) {
            throw new IllegalStateException("Weight '" + weightName + "' is assigned twice in one call");
        }
    }

    /** The assignments made in this call, by weight name, in the order they were made. */
    public Map<String, Tensor> assignments() {
        return Collections.unmodifiableMap(assignments);
    }
}
