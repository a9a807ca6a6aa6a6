package dev.seqconv.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.losses.BinaryCrossentropy;
import dev.seqconv.api.losses.CategoricalCrossentropy;
import dev.seqconv.api.losses.Loss;
import dev.seqconv.api.losses.MeanSquaredError;
import dev.seqconv.api.losses.SparseCategoricalCrossentropy;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.network.LayerStack;
import dev.seqconv.api.ops.Activation;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The warning a model gets when its loss takes probabilities its last layer does not make. */
class ProbabilitiesWarningTest {

    private static Optional<String> warning(Activation last, Loss loss) {
        return Sequential.probabilitiesWarning(new LayerStack(Input.floats(4), List.of(Dense.of(3, last))), loss);
    }

    @Test
    void eachCrossEntropyIsSatisfiedByItsOwnActivation() {
        assertThat(warning(Activation.SIGMOID, new BinaryCrossentropy())).isEmpty();
        assertThat(warning(Activation.SOFTMAX, new CategoricalCrossentropy())).isEmpty();
        assertThat(warning(Activation.SOFTMAX, new SparseCategoricalCrossentropy())).isEmpty();
    }

    @Test
    void aSoftmaxMissingBeforeACategoricalLossIsNamedWithThatLossesLogitsOption() {
        assertThat(warning(Activation.LINEAR, new CategoricalCrossentropy())).hasValueSatisfying(message ->
                assertThat(message).contains("does not end in a softmax", "Activation.SOFTMAX",
                        "new CategoricalCrossentropy(true)").doesNotContain("sigmoid", "BinaryCrossentropy"));
        assertThat(warning(Activation.SIGMOID, new SparseCategoricalCrossentropy())).hasValueSatisfying(message ->
                assertThat(message).contains("does not end in a softmax", "new SparseCategoricalCrossentropy(true)"));
    }

    @Test
    void aSigmoidMissingBeforeBinaryCrossEntropyIsNamed() {
        assertThat(warning(Activation.LINEAR, new BinaryCrossentropy())).hasValueSatisfying(message ->
                assertThat(message).contains("does not end in a sigmoid", "Activation.SIGMOID",
                        "new BinaryCrossentropy(true)"));
    }

    @Test
    void logitsAndLossesOnOtherValuesGiveNoWarning() {
        assertThat(warning(Activation.LINEAR, new CategoricalCrossentropy(true))).isEmpty();
        assertThat(warning(Activation.LINEAR, new BinaryCrossentropy(true))).isEmpty();
        assertThat(warning(Activation.LINEAR, new MeanSquaredError())).isEmpty();
    }
}
