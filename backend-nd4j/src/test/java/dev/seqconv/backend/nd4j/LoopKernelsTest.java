package dev.seqconv.backend.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The per-row tap sums of a convolution over gathered rows ({@link LoopKernels#tapSums}) are their definition bit
 * for bit: each sum's terms added in ascending order of position, whatever the chunks and threads; the layer's
 * gradients built on them are held to the composed layer by {@code Conv1dLayerKernelSuite}.
 */
class LoopKernelsTest {

    private static final int FILTERS = 3;

    @ParameterizedTest(name = "{0} rows, {1} taps, stride {2}, dilation {3}")
    @CsvSource({"40, 7, 1, 1", "40, 3, 2, 2", "40, 4, 3, 1", "3000, 5, 1, 1"})
    void tapSumsAreTheirDefinitionInOrderOfPosition(int rows, int taps, int stride, int dilation) {
        // 64 × 90 ids (5,760: split among threads), few rows for many terms a sum; with 3,000 rows the sums fill
        // several chunks of the heap block.
        Random random = new Random(rows + taps);
        int batch = 64;
        int time = 90;
        int outTime = (time - dilation * (taps - 1) - 1) / stride + 1;
        int[] ids = new int[batch * time];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextInt(rows - 1);
        }
        float[] dz = new float[batch * outTime * FILTERS];
        for (int i = 0; i < dz.length; i++) {
            dz[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3));
        }
        float[] expected = new float[rows * taps * FILTERS];
        for (int b = 0; b < batch; b++) {
            for (int p = 0; p < time; p++) {
                for (int i = 0; i < taps; i++) {
                    int shifted = p - i * dilation;
                    if (shifted >= 0 && shifted % stride == 0 && shifted / stride < outTime) {
                        for (int f = 0; f < FILTERS; f++) {
                            expected[(ids[b * time + p] * taps + taps - 1 - i) * FILTERS + f] +=
                                    dz[(b * outTime + shifted / stride) * FILTERS + f];
                        }
                    }
                }
            }
        }
        INDArray sums = LoopKernels.tapSums(Nd4j.create(dz, new long[] {batch, outTime, FILTERS}, DataType.FLOAT),
                Nd4j.createFromArray(ids).reshape(batch, time), rows, taps, stride, dilation);
        assertThat(sums.shape()).containsExactly(rows, taps * FILTERS);
        assertThat(DenseArrays.floats(sums)).containsExactly(expected);
        assertThat(DenseArrays.floats(sums.getRow(rows - 1))).as("the row no id names").containsOnly(0f);
    }

    @Test
    void tapSumsNameAnIdOutsideTheTable() {
        INDArray dz = Nd4j.zeros(DataType.FLOAT, 1, 2, FILTERS);
        assertThatThrownBy(() -> LoopKernels.tapSums(dz, Nd4j.createFromArray(new int[][] {{1, 5, 0}}), 5, 2, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Id 5 at position 1")
                .hasMessageContaining("0 … 4");
    }
}
