package dev.seqconv.api.ops;

import dev.seqconv.api.ndarray.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * A Conv1D layer's computation on its (already padded) input, as Keras's {@code Conv1D} computes it (see {@link
 * Ops#conv1dLayer}): the cross-correlation of {@link Primitives#conv1d}, the bias, the activation:
 * <pre>y[b, t, f] = a( Σ_{i&lt;k} Σ_c x[b, t·stride + i·dilation, c] · kernel[i, c, f] + bias[f] )</pre>
 *
 * @param input      {@code x (batch, time, channels)}
 * @param kernel     {@code (k, channels, filters)}
 * @param bias       {@code (filters)}, or {@code null} for a layer without one
 * @param stride     the step between windows
 * @param dilation   the step between a window's taps
 * @param activation {@code a}
 */
public record Conv1dLayer(Tensor input, Tensor kernel, Tensor bias, int stride, int dilation, Activation activation) {

    public Conv1dLayer {
        if (input.rank() != 3 || kernel.rank() != 3) {
            throw new IllegalArgumentException("Conv1D: input (batch, time, channels) and kernel (k, channels, "
                    + "filters) must be rank 3, got " + input.shape() + " and " + kernel.shape());
        }
        if (bias != null && !bias.shape().equals(Shape.of(kernel.shape().dim(2)))) {
            throw new IllegalArgumentException("Conv1D: the bias must be (" + kernel.shape().dim(2)
                    + "), one value a filter, got " + bias.shape());
        }
        if (activation == null) {
            throw new IllegalArgumentException("Conv1D: an activation must be given (LINEAR for none)");
        }
    }

    /** The operands with gradients, in the order {@link dev.seqconv.api.spi.Conv1dLayerKernel.Run#backward} returns them. */
    public List<Tensor> differentiable() {
        List<Tensor> operands = new ArrayList<>(List.of(input, kernel));
        if (bias != null) {
            operands.add(bias);
        }
        return operands;
    }
}
