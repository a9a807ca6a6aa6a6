package dev.seqconv.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ZeroRunFloats}: every float back with its bits, runs of {@code +0.0} left off the wire. */
class ZeroRunFloatsTest {

    @Test
    void everyFloatComesBackWithItsBitsSignedZerosIncluded() throws IOException {
        Random random = new Random(3);
        for (int trial = 0; trial < 200; trial++) {
            float[] values = new float[random.nextInt(300)];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextInt(3) == 0 ? (float) random.nextGaussian() : 0f;
            }
            for (int run = 0; run < 4 && values.length > 0; run++) {
                int from = random.nextInt(values.length);
                int to = Math.min(values.length, from + random.nextInt(3 * ZeroRunFloats.MIN_RUN));
                Arrays.fill(values, from, to, new float[] {0f, -0f, Float.NaN, 1e-45f}[random.nextInt(4)]);
            }
            int from = values.length == 0 ? 0 : random.nextInt(values.length);
            int to = from + (values.length == from ? 0 : random.nextInt(values.length - from + 1));
            float[] back = roundTrip(values, from, to);
            for (int i = 0; i < back.length; i++) {
                assertThat(Float.floatToRawIntBits(back[i])).as("trial %d, float %d", trial, i)
                        .isEqualTo(Float.floatToRawIntBits(values[from + i]));
            }
            assertThat(back).hasSize(to - from);
        }
    }

    @Test
    void runsOfZerosStayOffTheWireButNegativeZerosTravel() {
        float[] rows = new float[1_000];
        Arrays.fill(rows, 0, 300, 1f);
        Arrays.fill(rows, 700, 800, -0f);
        assertThat(wire(rows, 0, rows.length)).isEqualTo(4 * 400 + 8 * 2);
        assertThat(wire(new float[ZeroRunFloats.MIN_RUN * 2], 0, ZeroRunFloats.MIN_RUN * 2)).isEqualTo(8);
    }

    @Test
    void everyRunOfAtLeastMinRunZerosStaysHomeWhereverItStartsAndOneEndingTheRangeHoweverShort() {
        int run = ZeroRunFloats.MIN_RUN;
        for (int start = 0; start < 2 * run; start++) {
            for (int length : new int[] {run - 1, run, run + 1}) {
                float[] values = new float[4 * run];
                Arrays.fill(values, 1f);
                Arrays.fill(values, start, start + length, 0f);
                int expected = length >= run ? 4 * (values.length - length) + 8 * 2 : 4 * values.length + 8;
                assertThat(wire(values, 0, values.length)).as("%d zeros from %d", length, start).isEqualTo(expected);
            }
        }
        float[] values = new float[4 * run];
        Arrays.fill(values, 1f);
        Arrays.fill(values, values.length - 3, values.length, 0f);
        assertThat(wire(values, 0, values.length)).isEqualTo(4 * (values.length - 3) + 8);
    }

    private static float[] roundTrip(float[] values, int from, int to) throws IOException {
        ByteBuffer bytes = written(values, from, to).flip();
        float[] back = new float[to - from];
        ZeroRunFloats.read(bytes, back, 0, to - from);
        assertThat(bytes.remaining()).isZero();
        return back;
    }

    private static int wire(float[] values, int from, int to) {
        return written(values, from, to).position();
    }

    private static ByteBuffer written(float[] values, int from, int to) {
        ByteBuffer bytes = ByteBuffer.allocate(ZeroRunFloats.maxBytes(to - from)).order(ZeroRunFloats.ORDER);
        ZeroRunFloats.write(bytes, values, from, to);
        return bytes;
    }
}
