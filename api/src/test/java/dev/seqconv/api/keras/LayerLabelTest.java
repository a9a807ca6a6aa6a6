package dev.seqconv.api.keras;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LayerLabelTest {

    private static KerasLayer layer(String className, String name) {
        return new KerasLayer(className, name, KerasConfig.parse("{\"name\": \"" + name + "\"}"), List.of());
    }

    private static final List<KerasLayer> CHAIN = List.of(layer("InputLayer", "input_layer"),
            layer("Conv1D", "conv1d"), layer("Conv1D", "conv1d_1"));

    @Test
    void aSequentialModelsSummaryDoesNotListItsInputLayer() {
        assertThat(LayerLabel.of(KerasModelClass.SEQUENTIAL, CHAIN, 2))
                .isEqualTo("layer 'conv1d_1' (Conv1D, the 2nd layer in model.summary())");
        assertThat(LayerLabel.of(KerasModelClass.SEQUENTIAL, CHAIN, 0))
                .isEqualTo("layer 'input_layer' (InputLayer, which a Sequential model's summary() does not list)");
        assertThat(LayerLabel.of(KerasModelClass.SEQUENTIAL, CHAIN.subList(1, 3), 1))
                .isEqualTo("layer 'conv1d_1' (Conv1D, the 2nd layer in model.summary())");
    }

    @Test
    void aFunctionalModelsSummaryListsItsInputLayerFirst() {
        assertThat(LayerLabel.of(KerasModelClass.FUNCTIONAL, CHAIN, 2))
                .isEqualTo("layer 'conv1d_1' (Conv1D, the 3rd layer in model.summary())");
        assertThat(LayerLabel.of(KerasModelClass.FUNCTIONAL, CHAIN, 0))
                .isEqualTo("layer 'input_layer' (InputLayer, the 1st layer in model.summary())");
    }

    @Test
    void ordinalsInEnglish() {
        assertThat(List.of(1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112))
                .extracting(LayerLabel::ordinal)
                .containsExactly("1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st",
                        "111th", "112th");
    }
}
