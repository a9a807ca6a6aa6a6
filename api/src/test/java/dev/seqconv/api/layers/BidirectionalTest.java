package dev.seqconv.api.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.ops.Activation;
import org.junit.jupiter.api.Test;

class BidirectionalTest {

    private static final Shape IN = Shape.of(Shape.UNKNOWN, 5, 2);

    @Test
    void ofMakesABackwardCopyThatReadsTheOtherWayAndConcatenates() {
        LSTM lstm = LSTM.of(RecurrentOptions.builder(3).dropout(0.2).build());
        Bidirectional bi = Bidirectional.of(lstm);
        assertThat(bi.forwardLayer()).isEqualTo(lstm);
        assertThat(bi.backwardLayer()).isEqualTo(lstm.withOptions(lstm.options().withGoBackwards(true)));
        assertThat(bi.mergeMode()).isEqualTo(MergeMode.CONCAT);
        assertThat(Bidirectional.of(lstm.withGoBackwards(true)).backwardLayer().options().goBackwards()).isFalse();
    }

    @Test
    void declaresTheForwardThenTheBackwardWeightsAndMasksUnderTheirKerasPrefixes() {
        LayerBuild build = Bidirectional.of(GRU.of(RecurrentOptions.builder(3).dropout(0.2).build())).build(IN);
        assertThat(build.weights()).extracting(WeightSpec::name).containsExactly("forward_layer/kernel",
                "forward_layer/recurrent_kernel", "forward_layer/bias", "backward_layer/kernel",
                "backward_layer/recurrent_kernel", "backward_layer/bias");
        assertThat(build.noise()).extracting(NoiseSpec::name)
                .containsExactly("forward_layer/input_mask", "backward_layer/input_mask");
        LayerBuild half = GRU.of(3).build(IN);
        assertThat(build.parameterCount()).isEqualTo(2 * half.parameterCount());
        assertThat(build.innerValues()).isEqualTo(2 * half.innerValues());
        assertThat(build.unrolledOperations()).isEqualTo(2 * half.unrolledOperations());
    }

    @Test
    void outputShapesFollowTheMergeModeAndReturnSequences() {
        RecurrentOptions sequences = RecurrentOptions.builder(3).returnSequences(true).build();
        assertThat(Bidirectional.of(SimpleRNN.of(3)).build(IN).outputShape()).isEqualTo(Shape.of(Shape.UNKNOWN, 6));
        assertThat(Bidirectional.of(SimpleRNN.of(sequences)).build(IN).outputShape())
                .isEqualTo(Shape.of(Shape.UNKNOWN, 5, 6));
        assertThat(Bidirectional.of(SimpleRNN.of(sequences)).withMergeMode(MergeMode.AVE).build(IN).outputShape())
                .isEqualTo(Shape.of(Shape.UNKNOWN, 5, 3));
        RecurrentLayer backward = GRU.of(RecurrentOptions.builder(2).goBackwards(true).build());
        assertThat(Bidirectional.of(LSTM.of(3)).withBackwardLayer(backward).build(IN).outputShape())
                .isEqualTo(Shape.of(Shape.UNKNOWN, 5));
    }

    @Test
    void refusesMergeModeNoneAndABackwardLayerThatDoesNotMatch() {
        Bidirectional bi = Bidirectional.of(GRU.of(3));
        assertThatThrownBy(() -> bi.withMergeMode(MergeMode.NONE)).hasMessageContaining("two tensors")
                .hasMessageContaining("MergeMode.CONCAT");
        assertThatThrownBy(() -> bi.withBackwardLayer(GRU.of(3))).hasMessageContaining("goBackwards=true");
        assertThatThrownBy(() -> bi.withBackwardLayer(GRU.of(RecurrentOptions.builder(3).goBackwards(true)
                .returnSequences(true).build()))).hasMessageContaining("same returnSequences");
        RecurrentLayer narrower = GRU.of(RecurrentOptions.builder(2).goBackwards(true).build());
        assertThatThrownBy(() -> bi.withBackwardLayer(narrower).withMergeMode(MergeMode.SUM))
                .hasMessageContaining("same units");
        assertThatThrownBy(() -> bi.withBackwardLayer(narrower).build(Shape.of(Shape.UNKNOWN, 4)))
                .hasMessageContaining("sequences shaped (batch, time, features)");
    }

    @Test
    void isNamedAfterItsKerasClass() {
        try (Sequential model = Sequential.builder().input(Input.floats(5, 2)).add(Bidirectional.of(LSTM.of(2)))
                .add(ActivationLayer.of(Activation.SIGMOID)).build()) {
            assertThat(model.layers()).extracting(n -> n.name()).containsExactly("bidirectional", "activation");
            assertThat(model.summary()).contains("bidirectional (Bidirectional)").contains("activation (Activation)");
        }
    }
}
