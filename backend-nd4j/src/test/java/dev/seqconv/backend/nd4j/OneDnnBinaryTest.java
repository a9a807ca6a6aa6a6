package dev.seqconv.backend.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.backend.nd4j.SmallArrayLoops.Arithmetic;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * oneDNN's binary primitive gives libnd4j's broadcasting custom ops bit for bit, for every broadcast of the second
 * operand it takes, and declines the others.
 */
class OneDnnBinaryTest {

    private static final Random RANDOM = new Random(11);

    @Test
    void equalsLibnd4jForEveryBroadcastOfTheSecondOperand() {
        long[][][] cases = {
            {{4, 9, 6}, {4, 1, 6}},
            {{36, 5}, {5}},
            {{36, 5}, {1, 5}},
            {{3, 7}, {3, 7}},
            {{2, 3, 4}, {1}},
            {{2, 3, 4}, {2, 3, 1}},
            {{70_000}, {70_000}},
        };
        for (long[][] shapes : cases) {
            INDArray a = values(shapes[0]);
            INDArray b = values(shapes[1]);
            for (Arithmetic op : Arithmetic.values()) {
                INDArray ours = OneDnnBinary.apply(op, a, b);
                String what = String.format(Locale.ROOT, "%s of %s and %s", op, Arrays.toString(shapes[0]),
                        Arrays.toString(shapes[1]));
                assertThat(ours).as(what).isNotNull();
                assertThat(ours.shape()).as(what).containsExactly(shapes[0]);
                assertThat(bits(ours)).as(what).isEqualTo(bits(libnd4j(op, a, b)));
            }
        }
    }

    @Test
    void declinesWhatItsBroadcastDoesNotCover() {
        assertThat(OneDnnBinary.apply(Arithmetic.ADD, values(4, 1), values(4, 8))).as("a broadcast").isNull();
        assertThat(OneDnnBinary.apply(Arithmetic.ADD, values(4, 8), values(3, 8))).as("no broadcast").isNull();
        assertThat(OneDnnBinary.apply(Arithmetic.ADD, values(4, 8), Nd4j.ones(DataType.DOUBLE, 8)))
                .as("a double operand").isNull();
        assertThat(OneDnnBinary.apply(Arithmetic.ADD, values(1, 1, 1, 1, 1, 1, 2), values(2))).as("rank 7").isNull();
    }

    @Test
    void threadsSharingAGeometryEachGetTheirOwnResult() throws Exception {
        INDArray b = values(1, 64);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?>[] runs = new Future<?>[3];
            for (int t = 0; t < runs.length; t++) {
                INDArray a = values(512, 64);
                int[] expected = bits(libnd4j(Arithmetic.MULTIPLY, a, b));
                runs[t] = pool.submit((Callable<Void>) () -> {
                    for (int i = 0; i < 20; i++) {
                        assertThat(bits(OneDnnBinary.apply(Arithmetic.MULTIPLY, a, b))).isEqualTo(expected);
                    }
                    return null;
                });
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static INDArray libnd4j(Arithmetic op, INDArray a, INDArray b) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, a.shape());
        Nd4j.exec(DynamicCustomOp.builder(op.name().toLowerCase(Locale.ROOT)).addInputs(a, b).addOutputs(out).build());
        return out;
    }

    /** Normal values with zeros of both signs, infinities, a NaN and exact ties. */
    private static INDArray values(long... shape) {
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, shape);
        float[] special = {0f, -0f, 1.5f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
        for (long i = 0; i < a.length(); i++) {
            int kind = RANDOM.nextInt(16);
            a.putScalar(i, kind < special.length ? special[kind] : (float) RANDOM.nextGaussian());
        }
        return a;
    }

    private static int[] bits(INDArray a) {
        float[] values = DenseArrays.floats(a);
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
