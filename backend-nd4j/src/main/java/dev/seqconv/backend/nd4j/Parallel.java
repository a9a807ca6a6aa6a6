package dev.seqconv.backend.nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The ND4J backend's worker threads for kernels written as Java loops (the GRU's batch slices, the RMSprop
 * update, the embedding and pooling gradients): one daemon thread per core besides the caller. A task touches
 * heap arrays, direct buffers and oneDNN only, never ND4J's workspaces, which belong to the calling thread; the
 * caller runs the first part itself and waits for the others.
 */
final class Parallel {

    static final int CORES = Runtime.getRuntime().availableProcessors();

    private static final ExecutorService WORKERS = Executors.newFixedThreadPool(Math.max(1, CORES - 1), task -> {
        Thread thread = new Thread(task, "seqconv-nd4j-worker");
        thread.setDaemon(true);
        return thread;
    });

    /** A loop body over the indices {@code first … end − 1}. */
    interface Range {
        void run(int first, int end);
    }

    private Parallel() {
    }

    /**
     * Runs {@code body} over {@code [0, n)} cut into one contiguous part per core, or in one part on the caller
     * when the work is too small to be worth splitting (a handoff costs some µs).
     */
    static void forRanges(int n, boolean worthSplitting, Range body) {
        int parts = worthSplitting ? Math.min(CORES, Math.max(1, n)) : 1;
        List<Runnable> tasks = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            int first = (int) ((long) n * p / parts);
            int end = (int) ((long) n * (p + 1) / parts);
            tasks.add(() -> body.run(first, end));
        }
        all(tasks);
    }

    /**
     * Runs the tasks, the first on the calling thread, and returns when all have ended (an interrupt is kept for
     * later: the tasks may be writing into the caller's workspace); rethrows the first failure.
     */
    static void all(List<Runnable> tasks) {
        List<Future<?>> others = tasks.subList(1, tasks.size()).stream().<Future<?>>map(WORKERS::submit).toList();
        RuntimeException failure = null;
        try {
            tasks.get(0).run();
        } catch (RuntimeException e) {
            failure = e;
        }
        boolean interrupted = false;
        for (Future<?> task : others) {
            while (true) {
                try {
                    task.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException cause ? cause
                                : new IllegalStateException("A kernel failed on a worker thread", e.getCause());
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
