package dev.seqconv.datasets.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.datasets.text.Sequences.Side;
import org.junit.jupiter.api.Test;

class SequencesTest {

    private static final int[][] SEQUENCES = {{1, 2, 3}, {4, 5}, {6}, {}};

    @Test
    void defaultsPadAndTruncateAtTheStartWithZeros() {
        NdArray x = Sequences.pad(SEQUENCES, 2);
        assertThat(x.shape()).isEqualTo(Shape.of(4, 2));
        assertThat(x.toIntArray()).containsExactly(2, 3, 4, 5, 0, 6, 0, 0);
    }

    @Test
    void postPaddingAndTruncationKeepTheStart() {
        assertThat(Sequences.pad(SEQUENCES, 2, Side.POST, Side.POST, 0).toIntArray())
                .containsExactly(1, 2, 4, 5, 6, 0, 0, 0);
        assertThat(Sequences.pad(SEQUENCES, 2, Side.POST, Side.PRE, -1).toIntArray())
                .containsExactly(2, 3, 4, 5, 6, -1, -1, -1);
        assertThat(Sequences.pad(SEQUENCES, 4, Side.PRE, Side.POST, 9).toIntArray())
                .containsExactly(9, 1, 2, 3, 9, 9, 4, 5, 9, 9, 9, 6, 9, 9, 9, 9);
    }

    @Test
    void withoutAMaxLenTheLongestSequenceSetsTheLength() {
        assertThat(Sequences.pad(SEQUENCES, 0).shape()).isEqualTo(Shape.of(4, 3));
    }
}
