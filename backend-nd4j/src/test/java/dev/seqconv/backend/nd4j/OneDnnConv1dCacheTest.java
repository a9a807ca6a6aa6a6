package dev.seqconv.backend.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The convolution primitives' cache stays bounded: a geometry it drops is not kept alive by the threads that used
 * it (each new batch size of a model is a new geometry; issue 25), and one dropped while a call still uses it stays
 * usable until that call ends.
 */
class OneDnnConv1dCacheTest {

    private static final long[] KERNEL = {3, 2, 4};
    private static final INDArray WEIGHTS = ramp(KERNEL);

    @Test
    void anEvictedGeometryIsNotKeptAliveByTheThreadsThatUsedIt() throws InterruptedException {
        WeakReference<OneDnnConv1d> first = new WeakReference<>(forwardOnce(1));
        for (int batch = 2; batch <= OneDnnConv1d.CACHED + 2; batch++) {
            forwardOnce(batch);
        }
        for (int i = 0; i < 50 && first.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(first.get()).as("the geometry of batch 1, evicted from the cache").isNull();
        assertThat(OneDnnConv1d.cached()).isLessThanOrEqualTo(OneDnnConv1d.CACHED);
    }

    @Test
    void aGeometryEvictedWhileInUseStaysUsableUntilReleased() {
        INDArray x = ramp(1, 10, KERNEL[1]);
        OneDnnConv1d held = OneDnnConv1d.acquire(x.shape(), KERNEL, 1, 1);
        try {
            float[] before = held.forward(x, WEIGHTS).ravel().toFloatVector();
            for (int batch = 2; batch <= OneDnnConv1d.CACHED + 2; batch++) {
                forwardOnce(batch);
            }
            assertThat(held.forward(x, WEIGHTS).ravel().toFloatVector()).containsExactly(before);
            OneDnnConv1d again = OneDnnConv1d.acquire(x.shape(), KERNEL, 1, 1);
            again.release();
            assertThat(again).as("the geometry made anew after its eviction").isNotSameAs(held);
        } finally {
            held.release();
        }
    }

    /** Runs one forward pass of batch {@code batch} and returns the geometry that ran it. */
    private static OneDnnConv1d forwardOnce(int batch) {
        INDArray x = ramp(batch, 10, KERNEL[1]);
        OneDnnConv1d conv = OneDnnConv1d.acquire(x.shape(), KERNEL, 1, 1);
        try {
            conv.forward(x, WEIGHTS);
            return conv;
        } finally {
            conv.release();
        }
    }

    private static INDArray ramp(long... shape) {
        return Nd4j.linspace(DataType.FLOAT, 0.0, 1.0, Arrays.stream(shape).reduce(1, Math::multiplyExact))
                .reshape(shape);
    }
}
