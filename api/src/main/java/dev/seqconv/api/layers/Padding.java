package dev.seqconv.api.layers;

/**
 * How a sliding window (a convolution kernel or a pooling window) treats the ends of a sequence, as Keras's
 * {@code padding} argument. For a sequence of length {@code T}, a window spanning {@code w} steps
 * ({@code w = dilation·(k−1) + 1} for a kernel of size {@code k}) and stride {@code s}:
 * <ul>
 *   <li>{@code VALID}: no padding; {@code ⌊(T − w) / s⌋ + 1} outputs.</li>
 *   <li>{@code SAME}: {@code ⌈T / s⌉} outputs; {@code max((⌈T/s⌉ − 1)·s + w − T, 0)} padding steps, the smaller
 *       half before (TensorFlow's rule).</li>
 *   <li>{@code CAUSAL}: {@code w − 1} padding steps before, none after, so output {@code t} sees no input after
 *       {@code t}; convolutions only.</li>
 * </ul>
 */
public enum Padding {
    VALID,
    SAME,
    CAUSAL;

    /** The number of outputs; 0 or less means the sequence is shorter than the window. */
    public int outputLength(int inputLength, int window, int stride) {
        int[] pad = amounts(inputLength, window, stride);
        int padded = inputLength + pad[0] + pad[1];
        return padded < window ? 0 : (padded - window) / stride + 1;
    }

    /** {@code {before, after}}: the padding steps added at each end. */
    public int[] amounts(int inputLength, int window, int stride) {
        return switch (this) {
            case VALID -> new int[] {0, 0};
            case CAUSAL -> new int[] {window - 1, 0};
            case SAME -> {
                int out = (inputLength + stride - 1) / stride;
                int total = Math.max((out - 1) * stride + window - inputLength, 0);
                yield new int[] {total / 2, total - total / 2};
            }
        };
    }
}
