package dev.seqconv.api.layers;

import dev.seqconv.api.ndarray.Shape;

/**
 * The construction checks and shapes the pooling layers share: the windowed ones ({@link MaxPooling1D},
 * {@link AveragePooling1D}) and the global ones ({@link GlobalMaxPooling1D}, {@link GlobalAveragePooling1D}).
 */
final class Pooling {

    private Pooling() {
    }

    /** Checks a windowed pooling layer's settings; {@code layer} names it in messages. */
    static void checkWindow(String layer, int poolSize, int strides, Padding padding) {
        LayerChecks.positive(layer, "poolSize", poolSize);
        LayerChecks.positive(layer, "strides", strides);
        LayerChecks.present(layer, "padding", padding);
        if (padding == Padding.CAUSAL) {
            throw new IllegalArgumentException(layer + ": padding CAUSAL exists only for Conv1D; use VALID or SAME");
        }
    }

    /** A windowed pooling layer's build: {@code (batch, time', features)}, no weights. */
    static LayerBuild window(String layer, Shape input, int poolSize, int strides, Padding padding) {
        LayerChecks.sequence(layer, input);
        int length = padding.outputLength(input.dim(1), poolSize, strides);
        if (length <= 0) {
            throw new IllegalArgumentException(layer + ": a sequence of " + input.dim(1) + " steps is shorter than the "
                    + "pool of " + poolSize + "; use a smaller poolSize, padding SAME, or longer sequences");
        }
        return LayerBuild.of(Shape.of(input.dim(0), length, input.dim(2)));
    }

    /** A global pooling layer's build: {@code (batch, features)}, no weights. */
    static LayerBuild global(String layer, Shape input) {
        LayerChecks.sequence(layer, input);
        return LayerBuild.of(Shape.of(input.dim(0), input.dim(2)));
    }
}
