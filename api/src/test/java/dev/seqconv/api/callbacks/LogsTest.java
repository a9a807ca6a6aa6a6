package dev.seqconv.api.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogsTest {

    @Test
    void theWeightedMeanOfPartsIsTheMeanOverTheirSamples() {
        Logs first = new Logs(Map.of("loss", 1.0, "acc", 0.5));
        Logs second = new Logs(Map.of("loss", 4.0, "acc", 1.0));
        Logs empty = new Logs(Map.of());

        Logs whole = Logs.weightedMean(List.of(first, empty, second), List.of(2, 0, 6));

        assertThat(whole.get("loss")).isCloseTo((2 * 1.0 + 6 * 4.0) / 8, within(1e-12));
        assertThat(whole.get("acc")).isCloseTo((2 * 0.5 + 6 * 1.0) / 8, within(1e-12));
    }

    @Test
    void theWeightedMeanRefusesPartsThatDisagreeOrHoldNoSample() {
        Logs loss = new Logs(Map.of("loss", 1.0));
        Logs acc = new Logs(Map.of("acc", 1.0));
        assertThatThrownBy(() -> Logs.weightedMean(List.of(loss, acc), List.of(1, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("disagree");
        assertThatThrownBy(() -> Logs.weightedMean(List.of(loss), List.of(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No part holds a sample");
    }
}
