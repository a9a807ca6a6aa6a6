package dev.seqconv.api.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.ndarray.NdArray;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class FitConfigTest {

    /** The record's constructor with Keras's defaults but for the values given. */
    private static FitConfig config(int epochs, int batchSize, double split, NdArray x, NdArray y, int steps) {
        return new FitConfig(epochs, batchSize, true, split, x, y, null, List.of(), OptionalLong.empty(), steps, 0, 0);
    }

    @Test
    void theConstructorChecksWhatTheBuilderChecks() {
        assertThatThrownBy(() -> config(0, 32, 0, null, null, 0)).hasMessage("epochs must be > 0, got 0");
        assertThatThrownBy(() -> config(1, -4, 0, null, null, 0)).hasMessage("batchSize must be > 0, got -4");
        assertThatThrownBy(() -> config(1, 32, 1.0, null, null, 0)).hasMessageContaining("validationSplit must be");
        assertThatThrownBy(() -> config(1, 32, 0, null, null, -1)).hasMessage("stepsPerEpoch must be >= 0, got -1");
        assertThatThrownBy(() -> config(1, 32, 0, NdArray.scalar(1), null, 0))
                .hasMessageContaining("validationData needs both the inputs and the targets");
    }

    @Test
    void theBuilderGivesKerassDefaults() {
        FitConfig config = FitConfig.builder().build();
        assertThat(config).isEqualTo(config(1, 32, 0, null, null, 0));
    }

    @Test
    void theOrderSeedIsTheShuffleSeedElseTheModelsAndNoneWithoutShuffling() {
        assertThat(FitConfig.builder().shuffleSeed(7).build().orderSeed(42)).isEqualTo(7L);
        assertThat(FitConfig.builder().build().orderSeed(42)).isEqualTo(42L);
        assertThat(FitConfig.builder().shuffle(false).shuffleSeed(7).build().orderSeed(42)).isNull();
    }
}
