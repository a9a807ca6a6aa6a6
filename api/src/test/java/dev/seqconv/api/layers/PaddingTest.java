package dev.seqconv.api.layers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PaddingTest {

    @Test
    void outputLengthsFollowKerasConvOutputLength() {
        assertThat(Padding.VALID.outputLength(500, 7, 1)).isEqualTo(494);
        assertThat(Padding.VALID.outputLength(494, 5, 5)).isEqualTo(98);
        assertThat(Padding.SAME.outputLength(10, 3, 3)).isEqualTo(4);
        assertThat(Padding.CAUSAL.outputLength(10, 5, 1)).isEqualTo(10);
        assertThat(Padding.VALID.outputLength(4, 7, 1)).isZero();
    }

    @Test
    void samePadsTheSmallerHalfBeforeAndCausalPadsOnlyBefore() {
        assertThat(Padding.SAME.amounts(7, 4, 2)).containsExactly(1, 2);
        assertThat(Padding.SAME.amounts(10, 3, 3)).containsExactly(1, 1);
        assertThat(Padding.CAUSAL.amounts(8, 5, 1)).containsExactly(4, 0);
        assertThat(Padding.VALID.amounts(8, 5, 1)).containsExactly(0, 0);
    }

    @Test
    void windowsCountTheirDilatedSpan() {
        assertThat(Conv1D.of(1, 3).withDilationRate(4).window()).isEqualTo(9);
    }
}
