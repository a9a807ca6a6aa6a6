package dev.seqconv.conformance;

import dev.seqconv.conformance.reference.RefArray;
import dev.seqconv.conformance.reference.ReferenceActivations;
import dev.seqconv.conformance.reference.ReferenceRecurrent;
import dev.seqconv.api.layers.Bidirectional;
import dev.seqconv.api.layers.GRU;
import dev.seqconv.api.layers.LSTM;
import dev.seqconv.api.layers.Layer;
import dev.seqconv.api.layers.LayerBuild;
import dev.seqconv.api.layers.MergeMode;
import dev.seqconv.api.layers.RecurrentLayer;
import dev.seqconv.api.layers.RecurrentOptions;
import dev.seqconv.api.layers.SimpleRNN;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.spi.Backend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * GRU (reset after and before), LSTM and SimpleRNN against tf.keras 2.x's cell math in double precision: output,
 * and gradients with respect to the input, kernel, recurrent kernel and bias — with and without dropout (fixed
 * masks, as tf.keras draws them per gate), returning sequences or the last state, reading forward or backwards
 * ({@code go_backwards}); and each of them in {@link Bidirectional}, with every merge mode and a backward layer of
 * its own.
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
        check(SimpleRNN.of(options), true, 2 * 3 + 9 + 3, in -> simpleRnn(in, options, true));
    }

    @Test
    void eachLayerGoingBackwardsReadsTheSequenceFromItsEndAndReturnsStepsInThatOrder() {
        RecurrentOptions sequences = RecurrentOptions.builder(3).returnSequences(true).goBackwards(true).build();
        RecurrentOptions last = RecurrentOptions.builder(3).goBackwards(true).build();
        check(GRU.of(sequences), false, 63, reference(GRU.of(sequences)));
        check(GRU.of(last).withResetAfter(false), false, 54, reference(GRU.of(last).withResetAfter(false)));
        check(LSTM.of(sequences), false, 72, reference(LSTM.of(sequences)));
        check(SimpleRNN.of(last), false, 18, reference(SimpleRNN.of(last)));
    }

    @Test
    void bidirectionalAroundEachLayerConcatenatesForwardThenBackward() {
        for (boolean sequences : new boolean[] {false, true}) {
            RecurrentOptions options = RecurrentOptions.builder(3).returnSequences(sequences).build();
            checkBidirectional(Bidirectional.of(GRU.of(options)), false, 2 * 63);
            checkBidirectional(Bidirectional.of(LSTM.of(options)), false, 2 * 72);
            checkBidirectional(Bidirectional.of(SimpleRNN.of(options)), false, 2 * 18);
        }
    }

    @Test
    void bidirectionalWithEachMergeMode() {
        for (MergeMode mode : List.of(MergeMode.SUM, MergeMode.MUL, MergeMode.AVE)) {
            checkBidirectional(Bidirectional.of(GRU.of(RecurrentOptions.builder(3).returnSequences(true).build()))
                    .withMergeMode(mode), false, 2 * 63);
            checkBidirectional(Bidirectional.of(LSTM.of(3)).withMergeMode(mode), false, 2 * 72);
        }
    }

    @Test
    void bidirectionalWithABackwardLayerOfItsOwn() {
        RecurrentOptions forward = RecurrentOptions.builder(3).returnSequences(true).build();
        RecurrentOptions backward = RecurrentOptions.builder(2).returnSequences(true).goBackwards(true).build();
        checkBidirectional(Bidirectional.of(LSTM.of(forward)).withBackwardLayer(GRU.of(backward).withResetAfter(false)),
                false, 72 + (2 * 6 + 2 * 6 + 6));
    }

    @Test
    void bidirectionalInTrainingGivesEachHalfItsOwnDropoutMasks() {
        RecurrentOptions options = RecurrentOptions.builder(3).dropout(0.25).recurrentDropout(0.35)
                .returnSequences(true).build();
        checkBidirectional(Bidirectional.of(LSTM.of(options)), true, 2 * 72);
        checkBidirectional(Bidirectional.of(GRU.of(RecurrentOptions.builder(3).dropout(0.3).build())), true, 2 * 63);
    }

    private void check(Layer layer, boolean training, long parameters, Function<List<RefArray>, RefArray> reference) {
        new LayerCheck(backend(), random).check(layer, RefArray.uniform(random, -1, 1, 2, 4, 2), false, training,
                reference, parameters);
    }

    private void checkBidirectional(Bidirectional layer, boolean training, long parameters) {
        RefArray x = RefArray.uniform(random, -1, 1, 2, 4, 2);
        new LayerCheck(backend(), random).check(layer, x, false, training, bidirectional(layer, x, training),
                parameters);
    }

    /**
     * The reference of {@code layer} on {@code x}: inputs {@code [x, forward weights, backward weights, forward
     * masks, backward masks]} split into each half's, each half's reference, merged as Keras merges them.
     */
    private static Function<List<RefArray>, RefArray> bidirectional(Bidirectional layer, RefArray x, boolean training) {
        LayerBuild f = layer.forwardLayer().build(Shape.of(x.shape()));
        LayerBuild b = layer.backwardLayer().build(Shape.of(x.shape()));
        int fw = f.weights().size();
        int bw = b.weights().size();
        int fm = training ? f.noise().size() : 0;
        int bm = training ? b.noise().size() : 0;
        return in -> {
            List<RefArray> forward = new ArrayList<>(List.of(in.get(0)));
            forward.addAll(in.subList(1, 1 + fw));
            forward.addAll(in.subList(1 + fw + bw, 1 + fw + bw + fm));
            List<RefArray> backward = new ArrayList<>(List.of(in.get(0)));
            backward.addAll(in.subList(1 + fw, 1 + fw + bw));
            backward.addAll(in.subList(1 + fw + bw + fm, 1 + fw + bw + fm + bm));
            return ReferenceRecurrent.bidirectionalMerge(reference(layer.forwardLayer()).apply(forward),
                    reference(layer.backwardLayer()).apply(backward), layer.forwardLayer().options().returnSequences(),
                    layer.mergeMode().name().toLowerCase(Locale.ROOT));
        };
    }

    /**
     * The reference of a recurrent layer with bias: inputs {@code [x, kernel, recurrent kernel, bias, masks...]},
     * read from the last step with {@code goBackwards}.
     */
    private static Function<List<RefArray>, RefArray> reference(RecurrentLayer layer) {
        RecurrentOptions options = layer.options();
        return in -> {
            List<RefArray> read = new ArrayList<>(in);
            if (options.goBackwards()) {
                read.set(0, ReferenceRecurrent.reverseTime(in.get(0)));
            }
            boolean training = read.size() > 4;
            if (layer instanceof GRU gru) {
                return gru(read, gru.resetAfter(), true, options);
            }
            return layer instanceof LSTM ? lstm(read, options, training) : simpleRnn(read, options, training);
        };
    }

    private static RefArray simpleRnn(List<RefArray> in, RecurrentOptions options, boolean training) {
        RefArray[] masks = masks(in, 4, options, 1, training);
        return ReferenceRecurrent.simpleRnn(in.get(0), in.get(1), in.get(2), in.get(3), masks[0], masks[1],
                options.returnSequences());
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
