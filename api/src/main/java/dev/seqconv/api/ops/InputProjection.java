package dev.seqconv.api.ops;

import dev.seqconv.api.ndarray.Shape;

/**
 * The product a recurrence's gate inputs are slices of: {@code x_t · W + b} at every step, all gates side by side
 * {@code (batch, time, gates·units)}. A recurrent layer passes it beside the per-gate slices so that an engine's
 * kernel may compute the projection itself, step by step, instead of reading a {@code (batch, time, gates·units)}
 * tensor.
 *
 * @param input  {@code x (batch, time, features)}, its input mask applied where it has one
 * @param kernel {@code W (features, gates·units)}
 * @param bias   {@code b (gates·units)}, or {@code null}
 */
public record InputProjection(Tensor input, Tensor kernel, Tensor bias) {

    public InputProjection {
        if (input.rank() != 3 || kernel.rank() != 2 || kernel.shape().dim(0) != input.shape().dim(2)) {
            throw new IllegalArgumentException("input projection: the input must be (batch, time, features) and the "
                    + "kernel (features, width), got " + input.shape() + " and " + kernel.shape());
        }
        if (bias != null && !bias.shape().equals(Shape.of(kernel.shape().dim(1)))) {
            throw new IllegalArgumentException("input projection: the bias must be (" + kernel.shape().dim(1)
                    + "), got " + bias.shape());
        }
    }

    /** The product's width: {@code gates·units}. */
    public int width() {
        return kernel.shape().dim(1);
    }
}
