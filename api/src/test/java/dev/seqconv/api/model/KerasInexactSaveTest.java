package dev.seqconv.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.keras.KerasFiles;
import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.GRU;
import dev.seqconv.api.layers.RecurrentOptions;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.ops.Activation;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model Keras 3 would compute differently is saved as .keras only when asked to write it anyway. */
class KerasInexactSaveTest {

    @TempDir
    Path dir;

    private static Sequential keras2Gates() {
        return Sequential.builder().input(Input.floats(5, 3))
                .add(GRU.of(RecurrentOptions.builder(4).recurrentActivation(Activation.HARD_SIGMOID_KERAS2).build())
                        .withResetAfter(false))
                .add(Dense.of(1)).seed(2).build();
    }

    @Test
    void aKeras2HardSigmoidGateIsRefusedSayingHowToWriteItAnyway() {
        Path file = dir.resolve("gru.keras");
        try (Sequential model = keras2Gates()) {
            assertThatThrownBy(() -> KerasModels.save(model, file)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("HARD_SIGMOID_KERAS2").hasMessageContaining("WRITE_INEXACT");
        }
        assertThat(Files.exists(file)).as("nothing written").isFalse();
    }

    @Test
    void inexactSettingsNameTheLayerTheSettingAndBothDefinitions() {
        try (Sequential model = keras2Gates()) {
            assertThat(KerasModels.inexactSettings(model)).containsExactly("layer 'gru' (GRU, the 1st layer in "
                    + "model.summary()): recurrent_activation 'hard_sigmoid' is HARD_SIGMOID_KERAS2 here, but Keras 3 computes 'hard_sigmoid' as HARD_SIGMOID");
        }
        try (Sequential exact = Sequential.builder().input(Input.floats(5, 3)).add(GRU.of(4)).add(Dense.of(1)).build()) {
            assertThat(KerasModels.inexactSettings(exact)).isEmpty();
        }
    }

    @Test
    void writeInexactWritesItUnderKerassName() {
        Path file = dir.resolve("gru.keras");
        try (Sequential model = keras2Gates()) {
            KerasModels.save(model, file, KerasModels.SaveOption.WRITE_INEXACT);
        }
        assertThat(KerasFiles.read(file).layers().stream().filter(l -> l.className().equals("GRU")).findFirst()
                .orElseThrow().config().string("recurrent_activation")).hasValue("hard_sigmoid");
    }

    @Test
    void keras3sHardSigmoidIsExact() {
        Path file = dir.resolve("gru3.keras");
        try (Sequential model = Sequential.builder().input(Input.floats(5, 3))
                .add(GRU.of(RecurrentOptions.builder(4).recurrentActivation(Activation.HARD_SIGMOID).build()))
                .seed(2).build()) {
            KerasModels.save(model, file);
        }
        assertThat(file).exists();
    }
}
