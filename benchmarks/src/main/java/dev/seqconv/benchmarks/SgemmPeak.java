package dev.seqconv.benchmarks;

import static org.bytedeco.dnnl.global.dnnl.dnnl_sgemm;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;

/**
 * The machine's single-precision GEMM rate through oneDNN (the sgemm the ND4J backend calls): a row-major
 * {@code 2048³} product, median of 10 after 3 of warm-up, on all cores.
 */
final class SgemmPeak {

    private static final int SIZE = 2048;

    private SgemmPeak() {
    }

    static double oneDnnGflops() {
        long elements = (long) SIZE * SIZE;
        try (FloatPointer a = new FloatPointer(elements); FloatPointer b = new FloatPointer(elements);
             FloatPointer c = new FloatPointer(elements)) {
            for (long i = 0; i < elements; i++) {
                a.put(i, (i % 7) / 7f);
                b.put(i, (i % 5) / 5f);
            }
            List<Double> seconds = new ArrayList<>();
            for (int run = 0; run < 13; run++) {
                long start = System.nanoTime();
                dnnl_sgemm((byte) 'N', (byte) 'N', SIZE, SIZE, SIZE, 1f, a, SIZE, b, SIZE, 0f, c, SIZE);
                if (run >= 3) {
                    seconds.add((System.nanoTime() - start) / 1e9);
                }
            }
            return 2.0 * SIZE * SIZE * SIZE / Measurements.median(seconds) / 1e9;
        }
    }
}
