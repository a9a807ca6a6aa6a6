package dev.seqconv.backend.nd4j;

import static dev.seqconv.backend.nd4j.Nd4jTensor.arrayOf;

import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.ops.GruRecurrence;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.spi.GruKernel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The GRU recurrence ({@link GruRecurrence}) fused for ND4J: loops over heap arrays and oneDNN's element-wise
 * kernels for the gates, oneDNN's sgemm for the state products. Unrolled, each time step is some 70 libnd4j
 * operations at ~25 µs of fixed cost each, which made the chapter's Conv1D+GRU step 7× slower than TensorFlow's;
 * here a step costs a few products and a few passes over the batch. Backward, going back in time with {@code δ} the
 * gradient reaching {@code h_t}:
 * <pre>
 * ∂c = δ ⊙ (1 − z) ⊙ (1 − c²)            → ∂xh_t
 * ∂z = δ ⊙ (h_{t−1} − c) ⊙ z ⊙ (1 − z)   → ∂xz_t, and the update gate's recurrent product
 * ∂r = ∂c ⊙ p_h ⊙ r ⊙ (1 − r)           → ∂xr_t, and the reset gate's   (p_h = (h_{t−1} ⊙ m_h)·U_h + b'_h)
 * ∂p_h = ∂c ⊙ r                                                          the candidate's
 * ∂U_g += (h_{t−1} ⊙ m_g)ᵀ · ∂p_g        ∂b'_g += Σ_batch ∂p_g
 * δ_{t−1} = δ ⊙ z + Σ_g (∂p_g · U_gᵀ) ⊙ m_g  (+ ∂L/∂h_{t−1} from the output)
 * </pre>
 * The gates' sigmoid and the candidate's tanh run on oneDNN's element-wise kernels ({@link OneDnnGateActivations}),
 * a time step's values at a time, where a slice has enough of them; the rest are loops over heap arrays.
 * Samples never meet in the recurrence, so the batch is cut into one slice per core and the slices run in
 * {@link Parallel}, forward and backward; the slices' kernel and bias gradients are summed in a fixed order.
 */
final class Nd4jGru implements GruKernel {

    private static final int GATES = 3;
    /** Up to this many samples a slice's recurrent products run as Java loops rather than sgemm calls. */
    private static final int LOOP_ROWS = 4;
    /**
     * From this many values a gate in a slice (rows × units) the activations run on oneDNN; below, a call of its
     * kernel (~1 µs) costs more than Java's {@code Math.exp} (10-25 ns a value).
     */
    private static final int NATIVE_ACTIVATIONS_FROM = 64;
    /** The activations as Java loops: {@code σ(x) = 1 / (1 + e^{−x})}, {@code tanh x = 1 − 2 / (e^{2x} + 1)}. */
    private static final Activations JAVA_ACTIVATIONS = new Activations(values -> {
        for (int i = 0; i < values.length; i++) {
            values[i] = 1f / (1f + (float) Math.exp(-values[i]));
        }
    }, values -> {
        for (int i = 0; i < values.length; i++) {
            values[i] = 1f - 2f / ((float) Math.exp(2f * values[i]) + 1f);
        }
    });

    /** Reset after, sigmoid gates and a tanh candidate: Keras's defaults, what the loops compute. */
    @Override
    public boolean supports(GruRecurrence recurrence) {
        return recurrence.resetAfter() && recurrence.activation() == Activation.TANH
                && recurrence.recurrentActivation() == Activation.SIGMOID;
    }

    @Override
    public Run forward(GruRecurrence recurrence) {
        return new Forward(recurrence);
    }

    private static final class Forward implements Run {

        private final int batch;
        private final int time;
        private final int units;
        /** Per gate, the projected inputs {@code (batch, time, units)}, read in place. */
        private final INDArray[] x;
        private final float[][] kernels;
        /** {@code [b'_z b'_r b'_h]}, zeros when the recurrence has no bias. */
        private final float[] bias;
        private final boolean hasBias;
        private final float[][] masks;
        private final List<Slice> slices = new ArrayList<>();
        private final Tensor states;

        Forward(GruRecurrence in) {
            INDArray xzArray = arrayOf(in.inputZ());
            batch = Math.toIntExact(xzArray.size(0));
            time = Math.toIntExact(xzArray.size(1));
            units = Math.toIntExact(xzArray.size(2));
            x = new INDArray[] {DenseArrays.contiguous(xzArray), DenseArrays.contiguous(arrayOf(in.inputR())),
                DenseArrays.contiguous(arrayOf(in.inputH()))};
            kernels = gateKernels(floats(arrayOf(in.recurrentKernel())));
            hasBias = in.recurrentBias() != null;
            bias = hasBias ? floats(arrayOf(in.recurrentBias())) : new float[GATES * units];
            masks = in.stateMasks().isEmpty() ? null
                    : in.stateMasks().stream().map(m -> floats(arrayOf(m))).toArray(float[][]::new);
            int parts = Math.min(Parallel.CORES, batch);
            for (int p = 0; p < parts; p++) {
                slices.add(new Slice(batch * p / parts, batch * (p + 1) / parts));
            }
            INDArray all = CallArrays.uninitialized(DataType.FLOAT, batch, time, units);
            Parallel.all(slices.stream().map(slice -> (Runnable) () -> slice.forward(all)).toList());
            states = new Nd4jTensor(all);
        }

        @Override
        public Tensor states() {
            return states;
        }

        @Override
        public List<Tensor> backward(Tensor dStates) {
            INDArray dy = DenseArrays.contiguous(arrayOf(dStates));
            INDArray[] dx = new INDArray[GATES];
            for (int g = 0; g < GATES; g++) {
                dx[g] = CallArrays.uninitialized(DataType.FLOAT, batch, time, units);
            }
            Parallel.all(slices.stream().map(slice -> (Runnable) () -> slice.backward(dy, dx)).toList());
            float[][] dKernels = new float[GATES][units * units];
            float[] dBias = new float[GATES * units];
            for (Slice slice : slices) {
                for (int g = 0; g < GATES; g++) {
                    DenseArrays.addInto(dKernels[g], 0, slice.dKernels[g]);
                }
                DenseArrays.addInto(dBias, 0, slice.dBias);
            }
            List<Tensor> grads = new ArrayList<>();
            for (int g = 0; g < GATES; g++) {
                grads.add(new Nd4jTensor(dx[g]));
            }
            grads.add(tensor(joinedKernels(dKernels), units, GATES * units));
            if (hasBias) {
                grads.add(tensor(dBias, GATES * units));
            }
            return grads;
        }

        /** Samples {@code first … end − 1} of the batch through the whole sequence. */
        private final class Slice {

            private final int first;
            private final int rows;
            /**
             * Per step: the previous state, the gates ({@code z} then {@code r}, {@code 2·rows·units}), the candidate
             * and the candidate's recurrent product.
             */
            private final float[][] previous = new float[time][];
            private final float[][] zr = new float[time][];
            private final float[][] c = new float[time][];
            private final float[][] candidateProduct = new float[time][];
            private final float[][] dKernels = new float[GATES][units * units];
            private final float[] dBias = new float[GATES * units];

            Slice(int first, int end) {
                this.first = first;
                this.rows = end - first;
            }

            /**
             * Writes this slice's states into {@code all (batch, time, units)}: each step's pre-activations in Java,
             * the gates' sigmoid and the candidate's tanh on oneDNN ({@link OneDnnGateActivations}) for a slice of
             * {@link #NATIVE_ACTIVATIONS_FROM} values a gate or more, else in Java.
             */
            void forward(INDArray all) {
                int size = rows * units;
                if (size < NATIVE_ACTIVATIONS_FROM) {
                    forward(all, JAVA_ACTIVATIONS);
                    return;
                }
                OneDnnGateActivations onednn = OneDnnGateActivations.acquire(size);
                try {
                    forward(all, new Activations(onednn::sigmoid, onednn::tanh));
                } finally {
                    onednn.release();
                }
            }

            private void forward(INDArray all, Activations activations) {
                float[][] in = {rowsOf(x[0]), rowsOf(x[1]), rowsOf(x[2])};
                float[] states = new float[rows * time * units];
                int size = rows * units;
                float[] h = new float[size];
                float[] maskedState = new float[size];
                float[][] p = {new float[size], new float[size], null};
                for (int t = 0; t < time; t++) {
                    p[2] = new float[size];
                    for (int g = 0; g < GATES; g++) {
                        recurrentProduct(rows, masked(h, g, maskedState), kernels[g], p[g]);
                    }
                    float[] gates = new float[2 * size];
                    float[] ct = new float[size];
                    preActivations(in, t, p, gates, ct);
                    activations.sigmoid().accept(gates);
                    candidate(gates, p[2], ct);
                    activations.tanh().accept(ct);
                    float[] next = nextState(t, gates, h, ct, states);
                    previous[t] = h;
                    zr[t] = gates;
                    c[t] = ct;
                    candidateProduct[t] = p[2];
                    h = next;
                }
                writeRows(states, all);
            }

            /**
             * Step {@code t}'s pre-activations from the slice's inputs {@code in (rows, time, units)} and the
             * recurrent products {@code p}: {@code xz + p_z + b'_z} and {@code xr + p_r + b'_r} into {@code gates},
             * {@code p_h + b'_h} into {@code p_h}, {@code xh} into {@code xh}.
             */
            private void preActivations(float[][] in, int t, float[][] p, float[] gates, float[] xh) {
                int size = rows * units;
                for (int b = 0; b < rows; b++) {
                    int step = (b * time + t) * units;
                    for (int j = 0; j < units; j++) {
                        int i = b * units + j;
                        p[2][i] += bias[2 * units + j];
                        gates[i] = in[0][step + j] + p[0][i] + bias[j];
                        gates[size + i] = in[1][step + j] + p[1][i] + bias[units + j];
                        xh[i] = in[2][step + j];
                    }
                }
            }

            /** {@code xh + r ⊙ p_h} into {@code xh}, the candidate's pre-activation. */
            private void candidate(float[] gates, float[] ph, float[] xh) {
                int size = rows * units;
                for (int i = 0; i < size; i++) {
                    xh[i] = xh[i] + gates[size + i] * ph[i];
                }
            }

            /** {@code h_t = z ⊙ h_{t−1} + (1 − z) ⊙ c}, also written as step {@code t} of the slice's states. */
            private float[] nextState(int t, float[] gates, float[] h, float[] ct, float[] states) {
                float[] next = new float[rows * units];
                for (int b = 0; b < rows; b++) {
                    int step = (b * time + t) * units;
                    for (int j = 0; j < units; j++) {
                        int i = b * units + j;
                        next[i] = gates[i] * h[i] + (1f - gates[i]) * ct[i];
                        states[step + j] = next[i];
                    }
                }
                return next;
            }

            /** This slice's rows of a dense {@code (batch, time, units)} array, copied at once. */
            private float[] rowsOf(INDArray sequence) {
                return DenseArrays.floats(sequence, (long) first * time * units, rows * time * units);
            }

            /** Writes {@code values}, this slice's rows, into a dense {@code (batch, time, units)} array. */
            private void writeRows(float[] values, INDArray sequence) {
                DenseArrays.write(sequence, (long) first * time * units, values);
            }

            /**
             * {@code p = state · kernel} for {@code rows} states: oneDNN's sgemm, or, for a few rows, a Java loop
             * (a JavaCPP sgemm call copies both heap arrays across, which at one row cost more than its
             * {@code units²} multiply-adds).
             */
            private void recurrentProduct(int rows, float[] state, float[] kernel, float[] p) {
                if (rows > LOOP_ROWS) {
                    Sgemm.sgemm(rows, units, units, state, false, kernel, false, 0f, p);
                    return;
                }
                Arrays.fill(p, 0f);
                for (int b = 0; b < rows; b++) {
                    int row = b * units;
                    for (int i = 0; i < units; i++) {
                        float s = state[row + i];
                        int k = i * units;
                        for (int j = 0; j < units; j++) {
                            p[row + j] += s * kernel[k + j];
                        }
                    }
                }
            }

            /** Writes this slice's input gradients into {@code dx}; keeps its kernel and bias gradients. */
            void backward(INDArray dStates, INDArray[] dx) {
                float[] upstream = rowsOf(dStates);
                float[][] dInputs = new float[GATES][rows * time * units];
                int size = rows * units;
                float[] delta = new float[size];
                float[][] dp = new float[GATES][size];
                float[] back = new float[size];
                float[] maskedState = new float[size];
                for (int t = time - 1; t >= 0; t--) {
                    gateGradients(t, upstream, delta, dp, dInputs);
                    for (int g = 0; g < GATES; g++) {
                        Sgemm.sgemm(units, units, rows, masked(previous[t], g, maskedState), true, dp[g], false, 1f,
                                dKernels[g]);
                        sumRowsInto(dp[g], g * units);
                        Sgemm.sgemm(rows, units, units, dp[g], false, kernels[g], true, 0f, back);
                        addMasked(back, g, delta);
                    }
                }
                for (int g = 0; g < GATES; g++) {
                    writeRows(dInputs[g], dx[g]);
                }
            }

            /**
             * Step {@code t}'s gradients (the class's formulas) from {@code δ} and the states' gradient
             * {@code upstream (rows, time, units)}: {@code ∂xz, ∂xr, ∂xh} into step {@code t} of {@code dInputs},
             * the products' {@code ∂p_z, ∂p_r, ∂p_h} into {@code dp}, and {@code δ ⊙ z} into {@code delta}.
             */
            private void gateGradients(int t, float[] upstream, float[] delta, float[][] dp, float[][] dInputs) {
                int size = rows * units;
                float[] gates = zr[t];
                float[] candidate = c[t];
                float[] before = previous[t];
                float[] product = candidateProduct[t];
                for (int b = 0; b < rows; b++) {
                    int step = (b * time + t) * units;
                    for (int j = 0; j < units; j++) {
                        int i = b * units + j;
                        float d = upstream[step + j] + delta[i];
                        float zi = gates[i];
                        float ri = gates[size + i];
                        float ci = candidate[i];
                        float dc = d * (1f - zi) * (1f - ci * ci);
                        float dz = d * (before[i] - ci) * zi * (1f - zi);
                        float dr = dc * product[i] * ri * (1f - ri);
                        dInputs[0][step + j] = dz;
                        dInputs[1][step + j] = dr;
                        dInputs[2][step + j] = dc;
                        dp[0][i] = dz;
                        dp[1][i] = dr;
                        dp[2][i] = dc * ri;
                        delta[i] = d * zi;
                    }
                }
            }

            /** Adds the rows of {@code dp (rows, units)} to the bias gradient from {@code at} on. */
            private void sumRowsInto(float[] dp, int at) {
                for (int b = 0; b < rows; b++) {
                    DenseArrays.addInto(dBias, at, dp, b * units, units);
                }
            }

            /** {@code delta += back ⊙ m_g} (or {@code back}, without masks). */
            private void addMasked(float[] back, int g, float[] delta) {
                for (int i = 0; i < delta.length; i++) {
                    delta[i] += masks == null ? back[i] : back[i] * masks[g][first * units + i];
                }
            }

            /** The slice's state as gate {@code g} sees it: times its mask (into {@code out}), if there are masks. */
            private float[] masked(float[] h, int g, float[] out) {
                if (masks == null) {
                    return h;
                }
                for (int i = 0; i < h.length; i++) {
                    out[i] = h[i] * masks[g][first * units + i];
                }
                return out;
            }
        }

        /** {@code U (units, 3·units)} split into the gates' {@code (units, units)} blocks. */
        private float[][] gateKernels(float[] joined) {
            float[][] out = new float[GATES][units * units];
            for (int row = 0; row < units; row++) {
                for (int g = 0; g < GATES; g++) {
                    System.arraycopy(joined, row * GATES * units + g * units, out[g], row * units, units);
                }
            }
            return out;
        }

        private float[] joinedKernels(float[][] blocks) {
            float[] out = new float[units * GATES * units];
            for (int row = 0; row < units; row++) {
                for (int g = 0; g < GATES; g++) {
                    System.arraycopy(blocks[g], row * units, out, row * GATES * units + g * units, units);
                }
            }
            return out;
        }
    }

    private static float[] floats(INDArray a) {
        return DenseArrays.floats(a);
    }

    private static Tensor tensor(float[] values, long... shape) {
        return new Nd4jTensor(DenseArrays.fromFloats(values, shape));
    }

    /** The gates' sigmoid (over {@code z} then {@code r}, {@code 2·rows·units} values) and the candidate's tanh. */
    private record Activations(Consumer<float[]> sigmoid, Consumer<float[]> tanh) {
    }
}
