package dev.seqconv.backend.nd4j;

import dev.seqconv.api.layers.GRU;
import dev.seqconv.api.layers.LSTM;
import dev.seqconv.api.layers.RecurrentLayer;
import dev.seqconv.api.layers.RecurrentOptions;
import dev.seqconv.api.layers.SimpleRNN;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ops.Activation;
import java.nio.FloatBuffer;
import java.util.Optional;
import java.util.function.Supplier;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.global.dnnl.rnn_direction;
import org.bytedeco.dnnl.gru_forward;
import org.bytedeco.dnnl.lbr_gru_forward;
import org.bytedeco.dnnl.lstm_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.rnn_primitive_desc_base;
import org.bytedeco.dnnl.vanilla_rnn_forward;

/**
 * The oneDNN RNN cell that computes a Keras recurrent layer at inference, where one does. oneDNN's gate order is
 * Keras's, so the kernels {@code (features, G·units)} and {@code (units, G·units)} are oneDNN's {@code ldigo}
 * weights as they are ({@code L = D = 1}), and the biases its {@code ldgo} rows:
 * <ul>
 * <li>GRU, {@code reset_after=True}: the linear-before-reset GRU ({@code lbr_gru}); Keras's z, r, h are oneDNN's
 * u, r, o, and its four bias rows are {@code b_z + b′_z, b_r + b′_r, b_h, b′_h}:
 * {@code o = tanh(x·W_o + b_h + r ⊙ (h·U_o + b′_h))};</li>
 * <li>GRU, {@code reset_after=False}: oneDNN's GRU, {@code o = tanh(x·W_o + (r ⊙ h)·U_o + b_h)};</li>
 * <li>LSTM: oneDNN's LSTM (no peephole, no projection), gates i, f, c̃, o;</li>
 * <li>SimpleRNN: the vanilla RNN with the layer's activation, {@code h_t = a(x_t·W + h·U + b)}.</li>
 * </ul>
 * oneDNN's gated cells use the logistic sigmoid on the gates and tanh on the candidate and the output, so a GRU or
 * LSTM is planned only with those (Keras's defaults); a SimpleRNN with tanh, relu or sigmoid. Dropout does nothing
 * at inference. A layer without biases gets zero biases.
 */
final class OneDnnRecurrentCell {

    private enum Kind { LBR_GRU, GRU, LSTM, VANILLA }

    private final Kind kind;
    private final algorithm activation;
    private final RecurrentOptions options;

    private OneDnnRecurrentCell(Kind kind, algorithm activation, RecurrentOptions options) {
        this.kind = kind;
        this.activation = activation;
        this.options = options;
    }

    /** The cell that computes {@code layer}, or empty if oneDNN has none for its activations. */
    static Optional<OneDnnRecurrentCell> of(RecurrentLayer layer) {
        RecurrentOptions options = layer.options();
        boolean kerasGates = options.activation() == Activation.TANH
                && options.recurrentActivation() == Activation.SIGMOID;
        if (layer instanceof GRU gru && kerasGates) {
            return Optional.of(new OneDnnRecurrentCell(gru.resetAfter() ? Kind.LBR_GRU : Kind.GRU, null, options));
        } else if (layer instanceof LSTM && kerasGates) {
            return Optional.of(new OneDnnRecurrentCell(Kind.LSTM, null, options));
        } else if (layer instanceof SimpleRNN) {
            algorithm activation = switch (options.activation()) {
                case TANH -> algorithm.eltwise_tanh;
                case RELU -> algorithm.eltwise_relu;
                case SIGMOID -> algorithm.eltwise_logistic;
                default -> null;
            };
            return activation == null ? Optional.empty()
                    : Optional.of(new OneDnnRecurrentCell(Kind.VANILLA, activation, options));
        }
        return Optional.empty();
    }

    /** The layer's options: units, return sequences, go backwards. */
    RecurrentOptions options() {
        return options;
    }

    /** Whether the cell carries a cell state besides the hidden state (LSTM). */
    boolean hasCellState() {
        return kind == Kind.LSTM;
    }

    /** The gates in the weights ({@code G} of {@code ldigo}). */
    int gates() {
        return switch (kind) {
            case LBR_GRU, GRU -> 3;
            case LSTM -> 4;
            case VANILLA -> 1;
        };
    }

    /** The bias rows ({@code G} of {@code ldgo}): one more than the gates for the linear-before-reset GRU. */
    int biasRows() {
        return kind == Kind.LBR_GRU ? 4 : gates();
    }

    /** The Keras {@code bias} (null without biases) as the cell's {@code ldgo} rows, {@link #biasRows} × units. */
    float[] bias(NdArray keras) {
        int units = options.units();
        float[] rows = new float[biasRows() * units];
        if (keras == null) {
            return rows;
        }
        FloatBuffer b = keras.floatBuffer();
        if (kind != Kind.LBR_GRU) {
            b.get(0, rows);
            return rows;
        }
        int width = 3 * units;
        for (int i = 0; i < 2 * units; i++) {
            rows[i] = b.get(i) + b.get(width + i);
        }
        b.get(2 * units, rows, 2 * units, units);
        b.get(width + 2 * units, rows, 3 * units, units);
        return rows;
    }

    /** A primitive's descriptor, and how to make the primitive; both with the OpenMP team the caller sets. */
    record Described(rnn_primitive_desc_base pd, Supplier<primitive> make) {
    }

    /**
     * The primitive for a call over {@code srcLayer} (a zero initial state), writing {@code dstLayer} and, unless
     * they are zero descriptors, the last states {@code dstIter} (and {@code dstIterC} for an LSTM).
     */
    Described describe(engine engine, rnn_direction direction, memory.desc srcLayer, memory.desc weightsLayer,
                       memory.desc weightsIter, memory.desc bias, memory.desc dstLayer, memory.desc dstIter,
                       memory.desc dstIterC, primitive_attr attributes) {
        prop_kind inference = prop_kind.forward_inference;
        memory.desc none = new memory.desc();
        switch (kind) {
            case LBR_GRU -> {
                lbr_gru_forward.primitive_desc pd = new lbr_gru_forward.primitive_desc(engine, inference, direction,
                        srcLayer, none, weightsLayer, weightsIter, bias, dstLayer, dstIter, attributes, false);
                return new Described(pd, () -> new lbr_gru_forward(pd));
            }
            case GRU -> {
                gru_forward.primitive_desc pd = new gru_forward.primitive_desc(engine, inference, direction, srcLayer,
                        none, weightsLayer, weightsIter, bias, dstLayer, dstIter, attributes, false);
                return new Described(pd, () -> new gru_forward(pd));
            }
            case LSTM -> {
                lstm_forward.primitive_desc pd = new lstm_forward.primitive_desc(engine, inference, direction,
                        srcLayer, none, none, weightsLayer, weightsIter, bias, dstLayer, dstIter, dstIterC,
                        attributes, false);
                return new Described(pd, () -> new lstm_forward(pd));
            }
            default -> {
                vanilla_rnn_forward.primitive_desc pd = new vanilla_rnn_forward.primitive_desc(engine, inference,
                        activation, direction, srcLayer, none, weightsLayer, weightsIter, bias, dstLayer, dstIter,
                        attributes, false);
                return new Described(pd, () -> new vanilla_rnn_forward(pd));
            }
        }
    }
}
