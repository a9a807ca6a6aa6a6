package dev.seqconv.conformance.reference;

import java.util.function.DoubleUnaryOperator;

/**
 * tf.keras 2.x's recurrent cells in double precision, written from its implementation-1 code: per-gate input
 * masks {@code inMask[g]} and state masks {@code stateMask[g]} (each {@code (batch, ·)}, or {@code null} for none),
 * the unmasked state carried from step to step. Kernels are laid out gate by gate.
 */
public final class ReferenceRecurrent {

    private ReferenceRecurrent() {
    }

    /**
     * GRU with gates z, r, h; {@code bias} is {@code (2, 3U)} with reset after, {@code (3U)} before, or null;
     * {@code gate} is the recurrent activation of z and r.
     */
    public static RefArray gru(RefArray x, RefArray kernel, RefArray recurrent, RefArray bias, boolean resetAfter,
                               RefArray[] inMask, RefArray[] stateMask, boolean returnSequences,
                               DoubleUnaryOperator gate) {
        int units = recurrent.dim(0);
        return run(x, units, returnSequences, (b, t, h, c) -> {
            double[] xz = project(x, b, t, kernel, 0, units, inMask[0], inputBias(bias, resetAfter, 0, units));
            double[] xr = project(x, b, t, kernel, 1, units, inMask[1], inputBias(bias, resetAfter, 1, units));
            double[] xh = project(x, b, t, kernel, 2, units, inMask[2], inputBias(bias, resetAfter, 2, units));
            double[] rz = product(masked(h, stateMask[0], b), recurrent, 0, units, recurrentBias(bias, resetAfter, 0, units));
            double[] rr = product(masked(h, stateMask[1], b), recurrent, 1, units, recurrentBias(bias, resetAfter, 1, units));
            double[] hh = masked(h, stateMask[2], b);
            double[] next = new double[units];
            double[] r = new double[units];
            for (int j = 0; j < units; j++) {
                r[j] = gate.applyAsDouble(xr[j] + rr[j]);
            }
            double[] recurrentH;
            if (resetAfter) {
                recurrentH = product(hh, recurrent, 2, units, recurrentBias(bias, true, 2, units));
                for (int j = 0; j < units; j++) {
                    recurrentH[j] *= r[j];
                }
            } else {
                double[] resetState = new double[units];
                for (int k = 0; k < units; k++) {
                    resetState[k] = r[k] * hh[k];
                }
                recurrentH = product(resetState, recurrent, 2, units, null);
            }
            for (int j = 0; j < units; j++) {
                double z = gate.applyAsDouble(xz[j] + rz[j]);
                double candidate = Math.tanh(xh[j] + recurrentH[j]);
                next[j] = z * h[j] + (1 - z) * candidate;
            }
            return next;
        });
    }

    /** LSTM with gates i, f, c, o; {@code bias} {@code (4U)} or null; {@code gate} is the activation of i, f, o. */
    public static RefArray lstm(RefArray x, RefArray kernel, RefArray recurrent, RefArray bias, RefArray[] inMask,
                                RefArray[] stateMask, boolean returnSequences, DoubleUnaryOperator gate) {
        int units = recurrent.dim(0);
        return run(x, units, returnSequences, (b, t, h, c) -> {
            double[][] gates = new double[4][];
            for (int g = 0; g < 4; g++) {
                double[] xg = project(x, b, t, kernel, g, units, inMask[g], gateSlice(bias, g, units));
                double[] rg = product(masked(h, stateMask[g], b), recurrent, g, units, null);
                gates[g] = new double[units];
                for (int j = 0; j < units; j++) {
                    gates[g][j] = g == 2 ? Math.tanh(xg[j] + rg[j]) : gate.applyAsDouble(xg[j] + rg[j]);
                }
            }
            double[] next = new double[units];
            for (int j = 0; j < units; j++) {
                c[j] = gates[1][j] * c[j] + gates[0][j] * gates[2][j];
                next[j] = gates[3][j] * Math.tanh(c[j]);
            }
            return next;
        });
    }

    /** SimpleRNN: {@code h = tanh(x·W + b + h·U)}. */
    public static RefArray simpleRnn(RefArray x, RefArray kernel, RefArray recurrent, RefArray bias, RefArray inMask,
                                     RefArray stateMask, boolean returnSequences) {
        int units = recurrent.dim(0);
        return run(x, units, returnSequences, (b, t, h, c) -> {
            double[] xh = project(x, b, t, kernel, 0, units, inMask, gateSlice(bias, 0, units));
            double[] rh = product(masked(h, stateMask, b), recurrent, 0, units, null);
            double[] next = new double[units];
            for (int j = 0; j < units; j++) {
                next[j] = Math.tanh(xh[j] + rh[j]);
            }
            return next;
        });
    }

    /** {@code x (batch, time, ...)} with its time steps in reverse order. */
    public static RefArray reverseTime(RefArray x) {
        RefArray out = x.copy();
        int time = x.dim(1);
        int step = x.size() / (x.dim(0) * time);
        for (int b = 0; b < x.dim(0); b++) {
            for (int t = 0; t < time; t++) {
                for (int k = 0; k < step; k++) {
                    out.setFlat((b * time + t) * step + k, x.flat((b * time + time - 1 - t) * step + k));
                }
            }
        }
        return out;
    }

    /**
     * Keras's Bidirectional merge of the forward output {@code f} and the backward output {@code backward} (in the
     * backward layer's reading order, reversed back here when they are sequences): {@code "concat"} (forward
     * first), {@code "sum"}, {@code "mul"} or {@code "ave"}, on the last axis.
     */
    public static RefArray bidirectionalMerge(RefArray f, RefArray backward, boolean returnSequences, String mode) {
        RefArray b = returnSequences ? reverseTime(backward) : backward;
        int uf = f.dim(-1);
        int ub = b.dim(-1);
        int rows = f.size() / uf;
        int width = mode.equals("concat") ? uf + ub : uf;
        int[] shape = f.shape();
        shape[shape.length - 1] = width;
        RefArray out = RefArray.zeros(shape);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < width; j++) {
                double v = switch (mode) {
                    case "concat" -> j < uf ? f.flat(r * uf + j) : b.flat(r * ub + j - uf);
                    case "sum" -> f.flat(r * uf + j) + b.flat(r * ub + j);
                    case "mul" -> f.flat(r * uf + j) * b.flat(r * ub + j);
                    case "ave" -> (f.flat(r * uf + j) + b.flat(r * ub + j)) / 2;
                    default -> throw new IllegalArgumentException("merge mode " + mode);
                };
                out.setFlat(r * width + j, v);
            }
        }
        return out;
    }

    /** One step of a cell: the next state from the previous one (and a cell state it may update in place). */
    private interface Step {
        double[] next(int batch, int time, double[] h, double[] c);
    }

    private static RefArray run(RefArray x, int units, boolean returnSequences, Step step) {
        int batch = x.dim(0);
        int time = x.dim(1);
        RefArray out = returnSequences ? RefArray.zeros(batch, time, units) : RefArray.zeros(batch, units);
        for (int b = 0; b < batch; b++) {
            double[] h = new double[units];
            double[] c = new double[units];
            for (int t = 0; t < time; t++) {
                h = step.next(b, t, h, c);
                for (int j = 0; j < units; j++) {
                    if (returnSequences) {
                        out.set(h[j], b, t, j);
                    } else if (t == time - 1) {
                        out.set(h[j], b, j);
                    }
                }
            }
        }
        return out;
    }

    /** {@code (x[b, t] ⊙ mask[b]) · kernel[:, gate]} plus the gate's input bias. */
    private static double[] project(RefArray x, int b, int t, RefArray kernel, int gate, int units, RefArray mask,
                                    double[] bias) {
        double[] out = new double[units];
        for (int j = 0; j < units; j++) {
            double s = bias == null ? 0 : bias[j];
            for (int f = 0; f < x.dim(2); f++) {
                s += x.get(b, t, f) * (mask == null ? 1 : mask.get(b, f)) * kernel.get(f, gate * units + j);
            }
            out[j] = s;
        }
        return out;
    }

    private static double[] product(double[] h, RefArray recurrent, int gate, int units, double[] bias) {
        double[] out = new double[units];
        for (int j = 0; j < units; j++) {
            double s = bias == null ? 0 : bias[j];
            for (int k = 0; k < units; k++) {
                s += h[k] * recurrent.get(k, gate * units + j);
            }
            out[j] = s;
        }
        return out;
    }

    private static double[] masked(double[] h, RefArray mask, int b) {
        double[] out = h.clone();
        if (mask != null) {
            for (int k = 0; k < out.length; k++) {
                out[k] *= mask.get(b, k);
            }
        }
        return out;
    }

    private static double[] inputBias(RefArray bias, boolean resetAfter, int gate, int units) {
        return bias == null ? null : resetAfter ? row(bias, 0, gate, units) : gateSlice(bias, gate, units);
    }

    private static double[] recurrentBias(RefArray bias, boolean resetAfter, int gate, int units) {
        return bias == null || !resetAfter ? null : row(bias, 1, gate, units);
    }

    private static double[] row(RefArray bias, int row, int gate, int units) {
        double[] out = new double[units];
        for (int j = 0; j < units; j++) {
            out[j] = bias.get(row, gate * units + j);
        }
        return out;
    }

    private static double[] gateSlice(RefArray bias, int gate, int units) {
        if (bias == null) {
            return null;
        }
        double[] out = new double[units];
        for (int j = 0; j < units; j++) {
            out[j] = bias.get(gate * units + j);
        }
        return out;
    }
}
