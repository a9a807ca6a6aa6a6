package dev.seqconv.conformance;

import dev.seqconv.conformance.reference.RefArray;
import dev.seqconv.conformance.reference.ReferenceActivations;
import dev.seqconv.conformance.reference.ReferenceRecurrent;
import dev.seqconv.api.layers.GRU;
import dev.seqconv.api.layers.LSTM;
import dev.seqconv.api.layers.Layer;
import dev.seqconv.api.layers.RecurrentOptions;
import dev.seqconv.api.layers.SimpleRNN;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.spi.Backend;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * GRU (reset after and before), LSTM and SimpleRNN against tf.keras 2.x's cell math in double precision: output,
 * and gradients with respect to the input, kernel, recurrent kernel and bias — with and without dropout (fixed
 * masks, as tf.keras draws them per gate), returning sequences or the last state.
 */
public abstract class RecurrentConformanceSuite {

    protected abstract Backend backend();

    private final SeededRandom random = new SeededRandom(41);

    @Test
    void gruResetAfterLastState() {
        RecurrentOptions options = RecurrentOptions.of(3);
        check(GRU.of(options), false, 2 * 9 + 3 * 9 + 2 * 9,
                in -> gru(in, true, true, options));
    }

    @Test
    void gruResetAfterWithDropoutAndRecurrentDropoutReturningSequences() {
        RecurrentOptions options = RecurrentOptions.builder(3).dropout(0.3).recurrentDropout(0.4).returnSequences(true)
                .build();
        check(GRU.of(options), true, 63, in -> gru(in, true, true, options));
    }

    @Test
    void gruResetBeforeWithInputDropoutSharedByTheGates() {
        RecurrentOptions options = RecurrentOptions.builder(3).dropout(0.3).build();
        check(GRU.of(options).withResetAfter(false), true, 2 * 9 + 3 * 9 + 9, in -> gru(in, false, true, options));
    }

    @Test
    void gruWithoutBiasAndDropoutOffOutsideTraining() {
        RecurrentOptions options = RecurrentOptions.builder(3).useBias(false).dropout(0.5).recurrentDropout(0.5)
                .build();
        check(GRU.of(options), false, 2 * 9 + 3 * 9, in -> gru(in, true, false, options));
    }

    @Test
    void lstmWithDropoutAndRecurrentDropout() {
        RecurrentOptions options = RecurrentOptions.builder(3).dropout(0.25).recurrentDropout(0.35).build();
        check(LSTM.of(options), true, 2 * 12 + 3 * 12 + 12, in -> lstm(in, options, true));
    }

    @Test
    void lstmReturningSequences() {
        RecurrentOptions options = RecurrentOptions.builder(3).returnSequences(true).build();
        check(LSTM.of(options), false, 72, in -> lstm(in, options, false));
    }

    @Test
    void gruWithEachHardSigmoidAsRecurrentActivation() {
        for (Activation gate : new Activation[] {Activation.HARD_SIGMOID, Activation.HARD_SIGMOID_KERAS2}) {
            RecurrentOptions options = RecurrentOptions.builder(3).recurrentActivation(gate).returnSequences(true)
                    .build();
            check(GRU.of(options), false, 63, in -> gru(in, true, true, options));
        }
    }

    @Test
    void lstmWithEachHardSigmoidAsRecurrentActivation() {
        for (Activation gate : new Activation[] {Activation.HARD_SIGMOID, Activation.HARD_SIGMOID_KERAS2}) {
            RecurrentOptions options = RecurrentOptions.builder(3).recurrentActivation(gate).build();
            check(LSTM.of(options), false, 2 * 12 + 3 * 12 + 12, in -> lstm(in, options, false));
        }
    }

    @Test
    void simpleRnnWithDropouts() {
        RecurrentOptions options = RecurrentOptions.builder(3).dropout(0.2).recurrentDropout(0.3).build();
        check(SimpleRNN.of(options), true, 2 * 3 + 9 + 3, in -> {
            RefArray[] masks = masks(in, 4, options, 1, true);
            return ReferenceRecurrent.simpleRnn(in.get(0), in.get(1), in.get(2), in.get(3), masks[0], masks[1],
                    options.returnSequences());
        });
    }

    private void check(Layer layer, boolean training, long parameters, Function<List<RefArray>, RefArray> reference) {
        new LayerCheck(backend(), random).check(layer, RefArray.uniform(random, -1, 1, 2, 4, 2), false, training,
                reference, parameters);
    }

    private static RefArray gru(List<RefArray> in, boolean resetAfter, boolean bias, RecurrentOptions options) {
        int first = bias ? 4 : 3;
        RefArray[] all = masks(in, first, options, 3, in.size() > first);
        return ReferenceRecurrent.gru(in.get(0), in.get(1), in.get(2), bias ? in.get(3) : null, resetAfter,
                Arrays.copyOfRange(all, 0, 3), Arrays.copyOfRange(all, 3, 6),
                options.returnSequences(), ReferenceActivations.of(options.recurrentActivation()));
    }

    private static RefArray lstm(List<RefArray> in, RecurrentOptions options, boolean training) {
        RefArray[] all = masks(in, 4, options, 4, training);
        return ReferenceRecurrent.lstm(in.get(0), in.get(1), in.get(2), in.get(3),
                Arrays.copyOfRange(all, 0, 4), Arrays.copyOfRange(all, 4, 8),
                options.returnSequences(), ReferenceActivations.of(options.recurrentActivation()));
    }

    /**
     * The masks a call received, laid out per gate: {@code gates} input masks then {@code gates} state masks,
     * {@code null} where there is none. With input dropout alone one input mask serves every gate.
     */
    private static RefArray[] masks(List<RefArray> in, int first, RecurrentOptions options, int gates, boolean training) {
        RefArray[] out = new RefArray[2 * gates];
        if (!training) {
            return out;
        }
        int next = first;
        if (options.dropout() > 0) {
            boolean perGate = options.recurrentDropout() > 0;
            RefArray shared = in.get(next);
            for (int g = 0; g < gates; g++) {
                out[g] = perGate ? in.get(next + g) : shared;
            }
            next += perGate ? gates : 1;
        }
        if (options.recurrentDropout() > 0) {
            for (int g = 0; g < gates; g++) {
                out[gates + g] = in.get(next + g);
            }
        }
        return out;
    }
}
