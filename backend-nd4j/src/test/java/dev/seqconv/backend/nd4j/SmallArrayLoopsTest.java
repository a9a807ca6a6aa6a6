package dev.seqconv.backend.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The Java loops that replace libnd4j's operations on small arrays give libnd4j's values exactly, so that the
 * result of an operation never depends on the size that chose its route; and the single-threaded route for small
 * native kernels touches only the calling thread's OpenMP setting.
 */
class SmallArrayLoopsTest {

    private static final Random RANDOM = new Random(42);

    @Test
    void arithmeticEqualsLibnd4jForEveryBroadcastTheLoopsTake() {
        INDArray x = values(2, 37, 8);
        long[] shape = x.shape();
        for (SmallArrayLoops.Arithmetic op : SmallArrayLoops.Arithmetic.values()) {
            String name = op.name().toLowerCase(Locale.ROOT);
            for (INDArray other : new INDArray[] {values(2, 37, 8), values(8), values(1, 1, 8), values(1)}) {
                assertThat(floats(SmallArrayLoops.arithmetic(op, x, other, shape)))
                        .as("%s with %s", name, Arrays.toString(other.shape()))
                        .containsExactly(floats(libnd4j(name, x, other, shape)));
                assertThat(floats(SmallArrayLoops.arithmetic(op, other, x, shape)))
                        .as("%s of %s with x", name, Arrays.toString(other.shape()))
                        .containsExactly(floats(libnd4j(name, other, x, shape)));
            }
        }
    }

    @Test
    void arithmeticDeclinesOtherBroadcasts() {
        INDArray x = values(4, 8);
        assertThat(SmallArrayLoops.arithmetic(SmallArrayLoops.Arithmetic.ADD, x, values(4, 1), x.shape())).isNull();
        assertThat(SmallArrayLoops.arithmetic(SmallArrayLoops.Arithmetic.ADD, x,
                Nd4j.ones(DataType.DOUBLE, 8), x.shape())).isNull();
    }

    @Test
    void reluAndMaxEqualLibnd4j() {
        INDArray x = values(3, 41, 16);
        x.putScalar(new long[] {0, 0, 0}, 0f);
        assertThat(floats(SmallArrayLoops.unary(SmallArrayLoops.Unary.RELU, x)))
                .containsExactly(floats(Transforms.relu(x, true)));
        for (int axis = 0; axis < 3; axis++) {
            for (boolean keepDims : new boolean[] {false, true}) {
                INDArray loops = SmallArrayLoops.max(x, axis, keepDims);
                INDArray reference = x.max(keepDims, axis);
                assertThat(loops.shape()).as("axis %d, keepDims %s", axis, keepDims).containsExactly(reference.shape());
                assertThat(floats(loops)).as("axis %d, keepDims %s", axis, keepDims)
                        .containsExactly(floats(reference));
            }
        }
    }

    /** Bit for bit, signed zeros, infinities, NaN and subnormals included. */
    @Test
    void unaryFunctionsEqualLibnd4j() {
        float[] special = {Float.NaN, -0f, 0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
            -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE};
        INDArray x = values(5, 12);
        for (int i = 0; i < special.length; i++) {
            x.putScalar(i, special[i]);
        }
        for (SmallArrayLoops.Unary op : SmallArrayLoops.Unary.values()) {
            INDArray reference = switch (op) {
                case RELU -> Transforms.relu(x, true);
                case NEGATE -> Transforms.neg(x, true);
                case ABS -> Transforms.abs(x, true);
                case SIGN -> Transforms.sign(x, true);
            };
            INDArray loops = SmallArrayLoops.unary(op, x);
            assertThat(loops.shape()).as("%s", op).containsExactly(reference.shape());
            assertThat(bits(loops)).as("%s", op).containsExactly(bits(reference));
        }
    }

    @Test
    void sumEqualsLibnd4jUpToTheSequentialLength() {
        for (long[] shape : new long[][] {{1}, {7}, {128, 1}, {4, 25, 10}, {SmallArrayLoops.SEQUENTIAL_SUM, 1}}) {
            INDArray x = values(shape);
            x.muli(Transforms.exp(values(shape), true));
            int[] all = new int[shape.length];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            for (boolean keepDims : new boolean[] {false, true}) {
                INDArray loops = SmallArrayLoops.sum(x, keepDims);
                INDArray reference = x.sum(keepDims, all);
                assertThat(loops.shape()).as("%s, keepDims %s", Arrays.toString(shape), keepDims)
                        .containsExactly(reference.shape());
                assertThat(bits(loops)).as("%s, keepDims %s", Arrays.toString(shape), keepDims)
                        .containsExactly(bits(reference));
            }
        }
    }

    @Test
    void maxEqualsLibnd4jOnInfiniteAndNaNValues() {
        float inf = Float.POSITIVE_INFINITY;
        float nan = Float.NaN;
        // (1, 3, 5): per column along axis 1 all −∞, −∞ then a value, NaN first, NaN last, +∞ among values
        INDArray x = Nd4j.create(new float[] {
            -inf, -inf, nan, 1f, 2f,
            -inf, 3f, 4f, 5f, inf,
            -inf, -inf, 6f, nan, 7f}, new long[] {1, 3, 5});
        for (int axis = 0; axis < 3; axis++) {
            assertThat(floats(SmallArrayLoops.max(x, axis, false))).as("axis %d", axis)
                    .containsExactly(floats(x.max(false, axis)));
        }
    }

    @Test
    void sliceEqualsNd4jView() {
        INDArray x = values(3, 10, 6);
        assertThat(floats(LoopKernels.slice(x, 1, 2, 5)))
                .containsExactly(floats(x.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 7), NDArrayIndex.all())));
        assertThat(floats(LoopKernels.slice(x, 2, 4, 2)))
                .containsExactly(floats(x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(4, 6))));
    }

    @Test
    void smallKernelsRunAloneWithoutChangingOtherThreads() throws Exception {
        int team = KernelThreads.current();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch checked = new CountDownLatch(1);
        CompletableFuture<Integer> alone = CompletableFuture.supplyAsync(() -> KernelThreads.sized(1, () -> {
            inside.countDown();
            await(checked);
            return KernelThreads.current();
        }));
        inside.await();
        int otherThread = KernelThreads.current();
        checked.countDown();
        assertThat(alone.get()).as("team size inside a small kernel").isEqualTo(1);
        assertThat(otherThread).as("team size on another thread meanwhile").isEqualTo(team);
        assertThat(KernelThreads.sized(1, KernelThreads::current)).isEqualTo(1);
        assertThat(KernelThreads.current()).as("team size after a small kernel").isEqualTo(team);
        assertThat(KernelThreads.sized(KernelThreads.PARALLEL_MACS, KernelThreads::current)).isEqualTo(team);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static INDArray libnd4j(String op, INDArray a, INDArray b, long[] shape) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape);
        Nd4j.exec(DynamicCustomOp.builder(op).addInputs(a, b).addOutputs(out).build());
        return out;
    }

    /** Normal values with negatives, zeros and exact ties. */
    private static INDArray values(long... shape) {
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, shape);
        for (long i = 0; i < a.length(); i++) {
            int kind = RANDOM.nextInt(8);
            a.putScalar(i, kind == 0 ? 0f : kind == 1 ? 1.5f : (float) RANDOM.nextGaussian());
        }
        return a;
    }

    private static float[] floats(INDArray a) {
        return DenseArrays.floats(a);
    }

    private static int[] bits(INDArray a) {
        float[] values = floats(a);
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
