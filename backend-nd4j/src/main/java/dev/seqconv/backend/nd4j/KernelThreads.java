package dev.seqconv.backend.nd4j;

import java.util.function.Supplier;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How many threads a native kernel (oneDNN's convolutions and GEMM) may use, chosen by its work: below
 * {@link #PARALLEL_MACS} multiply-adds the calling thread runs it alone. Forking OpenMP's team cost 50-100 µs a
 * primitive on the 2-core build machine whatever the wait policy, more than a batch-1 convolution's arithmetic
 * (the Jena network's Conv1D: 137 µs with the team, 36 µs alone; docs/engines.md). The team size is OpenMP's
 * {@code nthreads-var} of the calling thread (libnd4j and the oneDNN build share one {@code libgomp}), set for the
 * kernel and restored after it, so other threads, and the calling thread's later kernels, keep their own.
 */
final class KernelThreads {

    /** The work (multiply-adds) from which a kernel is worth a team: the IMDB network's first Conv1D at batch 1 (14M) took as long alone. */
    static final long PARALLEL_MACS = 1L << 24;

    private static final NativeOps OPS = NativeOpsHolder.getInstance().getDeviceNativeOps();

    private KernelThreads() {
    }

    /** Runs {@code kernel}, of {@code macs} multiply-adds, on the calling thread alone when that is too little work. */
    static <T> T sized(long macs, Supplier<T> kernel) {
        return withTeam(macs >= PARALLEL_MACS, kernel);
    }

    /** Runs {@code kernel} with the calling thread's OpenMP team, or, unless {@code team}, on the calling thread alone. */
    static <T> T withTeam(boolean team, Supplier<T> kernel) {
        if (team) {
            return kernel.get();
        }
        int threads = OPS.ompGetMaxThreads();
        OPS.setOmpNumThreads(1);
        try {
            return kernel.get();
        } finally {
            OPS.setOmpNumThreads(threads);
        }
    }

    /** The calling thread's OpenMP team size for the next native kernel. */
    static int current() {
        return OPS.ompGetMaxThreads();
    }
}
