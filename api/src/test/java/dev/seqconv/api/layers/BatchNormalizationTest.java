package dev.seqconv.api.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.network.Input;
import org.junit.jupiter.api.Test;

class BatchNormalizationTest {

    private static final Shape IN = Shape.of(Shape.UNKNOWN, 6, 3);

    @Test
    void hasKerasDefaultsAndDeclaresItsWeightsInKerasOrderWithTheMovingStatisticsNonTrainable() {
        BatchNormalization bn = BatchNormalization.of();
        assertThat(bn.axis()).isEqualTo(-1);
        assertThat(bn.momentum()).isEqualTo(0.99);
        assertThat(bn.epsilon()).isEqualTo(0.001);
        assertThat(bn.center()).isTrue();
        assertThat(bn.scale()).isTrue();
        LayerBuild build = bn.build(IN);
        assertThat(build.outputShape()).isEqualTo(IN);
        assertThat(build.weights()).extracting(WeightSpec::name)
                .containsExactly("gamma", "beta", "moving_mean", "moving_variance");
        assertThat(build.weights()).extracting(WeightSpec::trainable).containsExactly(true, true, false, false);
        assertThat(build.weights()).allMatch(w -> w.shape().equals(Shape.of(3)));
        assertThat(build.parameterCount()).isEqualTo(12);
        assertThat(build.trainableParameterCount()).isEqualTo(6);
    }

    @Test
    void withoutCenterOrScaleDeclaresNoBetaOrGammaAndAxisOneNormalizesTheTimeSteps() {
        LayerBuild build = BatchNormalization.of().withAxis(1).withCenter(false).withScale(false).build(IN);
        assertThat(build.weights()).extracting(WeightSpec::name).containsExactly("moving_mean", "moving_variance");
        assertThat(build.weights()).allMatch(w -> w.shape().equals(Shape.of(6)));
        assertThat(BatchNormalization.of().withAxis(-2).withCenter(false).build(IN).weights())
                .extracting(WeightSpec::name).containsExactly("gamma", "moving_mean", "moving_variance");
    }

    @Test
    void refusesTheBatchAxisAnAxisOutOfRangeAndBadMomentumOrEpsilon() {
        assertThatThrownBy(() -> BatchNormalization.of().withAxis(0).build(IN))
                .hasMessageContaining("axis 0 is the batch axis").hasMessageContaining("-1");
        assertThatThrownBy(() -> BatchNormalization.of().withAxis(-3).build(IN))
                .hasMessageContaining("axis -3 is the batch axis");
        assertThatThrownBy(() -> BatchNormalization.of().withAxis(3).build(IN))
                .hasMessageContaining("axis 3 is out of range").hasMessageContaining("[1, 3)");
        assertThatThrownBy(() -> BatchNormalization.of().withAxis(1).build(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, 3)))
                .hasMessageContaining("known size along its axis 1");
        assertThatThrownBy(() -> BatchNormalization.of().withMomentum(1.5)).hasMessageContaining("momentum");
        assertThatThrownBy(() -> BatchNormalization.of().withEpsilon(0)).hasMessageContaining("epsilon");
    }

    @Test
    void summaryCountsTheMovingStatisticsAsNonTrainableAsKerasDoes() {
        try (Sequential model = Sequential.builder().input(Input.floats(6, 3)).add(BatchNormalization.of())
                .add(Dense.of(2)).build()) {
            assertThat(model.layers().get(0).name()).isEqualTo("batch_normalization");
            assertThat(model.summary()).contains("Total params: 20").contains("Trainable params: 14")
                    .contains("Non-trainable params: 6");
        }
    }
}
