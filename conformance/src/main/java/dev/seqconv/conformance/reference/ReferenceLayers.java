package dev.seqconv.conformance.reference;

import java.util.function.DoubleUnaryOperator;

/**
 * The chapter's layers in plain double-precision Java, written from Keras's formulas (and TensorFlow's
 * padding rule) without sharing code with seqconv's implementation.
 */
public final class ReferenceLayers {

    public static final DoubleUnaryOperator LINEAR = v -> v;
    public static final DoubleUnaryOperator RELU = v -> Math.max(v, 0);
    public static final DoubleUnaryOperator SIGMOID = v -> 1 / (1 + Math.exp(-v));
    public static final DoubleUnaryOperator TANH = Math::tanh;

    private ReferenceLayers() {
    }

    /** {@code y[b, t, :] = table[ids[b, t], :]}. */
    public static RefArray embedding(RefArray ids, RefArray table) {
        int b = ids.dim(0);
        int t = ids.dim(1);
        int d = table.dim(1);
        RefArray y = RefArray.zeros(b, t, d);
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) {
                for (int k = 0; k < d; k++) {
                    y.set(table.get((int) ids.get(i, j), k), i, j, k);
                }
            }
        }
        return y;
    }

    /**
     * Keras BatchNormalization: {@code y = (x − mean[c]) / sqrt(variance[c] + epsilon) · gamma[c] + beta[c]}, c the
     * index along {@code axis}; {@code gamma} null means 1, {@code beta} null means 0.
     */
    public static RefArray batchNormalization(RefArray x, int axis, RefArray gamma, RefArray beta, RefArray mean,
                                              RefArray variance, double epsilon) {
        RefArray y = x.copy();
        for (int i = 0; i < x.size(); i++) {
            int c = channel(x, axis, i);
            double v = (x.flat(i) - mean.flat(c)) / Math.sqrt(variance.flat(c) + epsilon);
            y.setFlat(i, v * (gamma == null ? 1 : gamma.flat(c)) + (beta == null ? 0 : beta.flat(c)));
        }
        return y;
    }

    /**
     * The batch statistics of BatchNormalization in training: per index c along {@code axis}, the mean over every
     * other axis and the biased (population) variance {@code mean((x − mean)²)}. Returns {@code [mean, variance]}.
     */
    public static RefArray[] moments(RefArray x, int axis) {
        int channels = x.dim(axis);
        double count = (double) x.size() / channels;
        RefArray mean = RefArray.zeros(channels);
        RefArray variance = RefArray.zeros(channels);
        for (int i = 0; i < x.size(); i++) {
            int c = channel(x, axis, i);
            mean.setFlat(c, mean.flat(c) + x.flat(i) / count);
        }
        for (int i = 0; i < x.size(); i++) {
            int c = channel(x, axis, i);
            double d = x.flat(i) - mean.flat(c);
            variance.setFlat(c, variance.flat(c) + d * d / count);
        }
        return new RefArray[] {mean, variance};
    }

    /** Keras's moving-statistic update: {@code moving · momentum + batch · (1 − momentum)}. */
    public static RefArray movingUpdate(RefArray moving, RefArray batch, double momentum) {
        RefArray out = moving.copy();
        for (int i = 0; i < out.size(); i++) {
            out.setFlat(i, moving.flat(i) * momentum + batch.flat(i) * (1 - momentum));
        }
        return out;
    }

    /** The index along {@code axis} (negative from the end) of the entry at flat index {@code i}. */
    private static int channel(RefArray x, int axis, int i) {
        int a = axis < 0 ? axis + x.shape().length : axis;
        int inner = 1;
        for (int d = a + 1; d < x.shape().length; d++) {
            inner *= x.dim(d);
        }
        return (i / inner) % x.dim(a);
    }

    /** Keras's {@code Activation} layer: {@code a} on every entry. */
    public static RefArray activation(RefArray x, DoubleUnaryOperator a) {
        RefArray y = x.copy();
        for (int i = 0; i < y.size(); i++) {
            y.setFlat(i, a.applyAsDouble(x.flat(i)));
        }
        return y;
    }

    /**
     * Keras Conv1D: {@code y[b,t,f] = a(Σ_i Σ_c xp[b, t·s + i·d, c]·w[i,c,f] + bias[f])}, {@code xp} the input
     * padded with zeros as {@code padding} ("valid", "same", "causal") says.
     */
    public static RefArray conv1d(RefArray x, RefArray kernel, RefArray bias, int stride, int dilation,
                                  String padding, DoubleUnaryOperator activation) {
        int k = kernel.dim(0);
        int window = dilation * (k - 1) + 1;
        RefArray xp = padTime(x, padding, window, stride, 0.0);
        int out = (xp.dim(1) - window) / stride + 1;
        int filters = kernel.dim(2);
        RefArray y = RefArray.zeros(x.dim(0), out, filters);
        for (int b = 0; b < x.dim(0); b++) {
            for (int t = 0; t < out; t++) {
                for (int f = 0; f < filters; f++) {
                    double sum = bias == null ? 0 : bias.get(f);
                    for (int i = 0; i < k; i++) {
                        for (int c = 0; c < x.dim(2); c++) {
                            sum += xp.get(b, t * stride + i * dilation, c) * kernel.get(i, c, f);
                        }
                    }
                    y.set(activation.applyAsDouble(sum), b, t, f);
                }
            }
        }
        return y;
    }

    /** Keras MaxPooling1D: {@code y[b,t,c] = max_{i<p} xp[b, t·s + i, c]}, SAME padding with −∞. */
    public static RefArray maxPool1d(RefArray x, int pool, int stride, String padding) {
        RefArray xp = padTime(x, padding, pool, stride, Double.NEGATIVE_INFINITY);
        int out = (xp.dim(1) - pool) / stride + 1;
        RefArray y = RefArray.zeros(x.dim(0), out, x.dim(2));
        for (int b = 0; b < x.dim(0); b++) {
            for (int t = 0; t < out; t++) {
                for (int c = 0; c < x.dim(2); c++) {
                    double m = Double.NEGATIVE_INFINITY;
                    for (int i = 0; i < pool; i++) {
                        m = Math.max(m, xp.get(b, t * stride + i, c));
                    }
                    y.set(m, b, t, c);
                }
            }
        }
        return y;
    }

    /**
     * Keras AveragePooling1D: the mean of each window over the entries inside the sequence (TensorFlow's SAME
     * padding leaves padded entries out of the divisor).
     */
    public static RefArray avgPool1d(RefArray x, int pool, int stride, String padding) {
        int time = x.dim(1);
        int before = 0;
        int out = (time - pool) / stride + 1;
        if (padding.equals("same")) {
            out = (int) Math.ceil(time / (double) stride);
            before = Math.max((out - 1) * stride + pool - time, 0) / 2;
        }
        RefArray y = RefArray.zeros(x.dim(0), out, x.dim(2));
        for (int b = 0; b < x.dim(0); b++) {
            for (int t = 0; t < out; t++) {
                for (int c = 0; c < x.dim(2); c++) {
                    double sum = 0;
                    int n = 0;
                    for (int i = 0; i < pool; i++) {
                        int s = t * stride + i - before;
                        if (s >= 0 && s < time) {
                            sum += x.get(b, s, c);
                            n++;
                        }
                    }
                    y.set(sum / n, b, t, c);
                }
            }
        }
        return y;
    }

    /** Keras GlobalAveragePooling1D: {@code y[b,c] = mean_t x[b,t,c]}. */
    public static RefArray globalAvgPool1d(RefArray x) {
        RefArray y = RefArray.zeros(x.dim(0), x.dim(2));
        for (int b = 0; b < x.dim(0); b++) {
            for (int c = 0; c < x.dim(2); c++) {
                double sum = 0;
                for (int t = 0; t < x.dim(1); t++) {
                    sum += x.get(b, t, c);
                }
                y.set(sum / x.dim(1), b, c);
            }
        }
        return y;
    }

    /** Keras Flatten: the same values, {@code (batch, everything else)}. */
    public static RefArray flatten(RefArray x) {
        double[] data = new double[x.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = x.flat(i);
        }
        return new RefArray(new int[] {x.dim(0), x.size() / x.dim(0)}, data);
    }

    /** Keras Dropout in training, given its mask: {@code y = x · mask}. */
    public static RefArray dropout(RefArray x, RefArray mask) {
        RefArray y = x.copy();
        for (int i = 0; i < y.size(); i++) {
            y.setFlat(i, x.flat(i) * mask.flat(i));
        }
        return y;
    }

    /** Keras GlobalMaxPooling1D: {@code y[b,c] = max_t x[b,t,c]}. */
    public static RefArray globalMaxPool1d(RefArray x) {
        RefArray y = RefArray.zeros(x.dim(0), x.dim(2));
        for (int b = 0; b < x.dim(0); b++) {
            for (int c = 0; c < x.dim(2); c++) {
                double m = Double.NEGATIVE_INFINITY;
                for (int t = 0; t < x.dim(1); t++) {
                    m = Math.max(m, x.get(b, t, c));
                }
                y.set(m, b, c);
            }
        }
        return y;
    }

    /** Keras Dense on the last axis: {@code y[..., j] = a(Σ_i x[..., i]·w[i, j] + bias[j])}. */
    public static RefArray dense(RefArray x, RefArray kernel, RefArray bias, DoubleUnaryOperator activation) {
        int in = kernel.dim(0);
        int units = kernel.dim(1);
        int rows = x.size() / in;
        int[] shape = x.shape();
        shape[shape.length - 1] = units;
        RefArray y = RefArray.zeros(shape);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < units; j++) {
                double sum = bias == null ? 0 : bias.get(j);
                for (int i = 0; i < in; i++) {
                    sum += x.flat(r * in + i) * kernel.get(i, j);
                }
                y.setFlat(r * units + j, activation.applyAsDouble(sum));
            }
        }
        return y;
    }

    /** {@code Σ y · r}: the scalar whose gradient the kit compares. */
    public static double project(RefArray y, RefArray r) {
        double s = 0;
        for (int i = 0; i < y.size(); i++) {
            s += y.flat(i) * r.flat(i);
        }
        return s;
    }

    /** Pads the time axis per TensorFlow's rules for a window of {@code window} steps and stride {@code stride}. */
    private static RefArray padTime(RefArray x, String padding, int window, int stride, double value) {
        int time = x.dim(1);
        int before;
        int after;
        switch (padding) {
            case "valid" -> {
                before = 0;
                after = 0;
            }
            case "causal" -> {
                before = window - 1;
                after = 0;
            }
            case "same" -> {
                int out = (int) Math.ceil(time / (double) stride);
                int total = Math.max((out - 1) * stride + window - time, 0);
                before = total / 2;
                after = total - before;
            }
            default -> throw new IllegalArgumentException(padding);
        }
        RefArray xp = RefArray.zeros(x.dim(0), time + before + after, x.dim(2));
        for (int b = 0; b < x.dim(0); b++) {
            for (int t = 0; t < xp.dim(1); t++) {
                for (int c = 0; c < x.dim(2); c++) {
                    int source = t - before;
                    xp.set(source >= 0 && source < time ? x.get(b, source, c) : value, b, t, c);
                }
            }
        }
        return xp;
    }
}
