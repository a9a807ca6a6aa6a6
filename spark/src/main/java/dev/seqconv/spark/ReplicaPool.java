package dev.seqconv.spark;

import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.network.ModelWeights;
import dev.seqconv.api.spi.Backend;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The model replicas of the training runs in this executor JVM, built once per run and backend and reused by
 * every task of the run: a task borrows one (tasks running at once get one each, as a model runs one call at a
 * time) and returns it. The replicas of the {@value #RUNS_KEPT} most recent runs are kept; an older run's are
 * closed when it is evicted or, for a replica in use then, when it is returned; {@link #release} closes a finished
 * run's at once.
 */
final class ReplicaPool {

    static final int RUNS_KEPT = 4;

    private static final Map<String, Deque<Sequential>> IDLE = new LinkedHashMap<>(16, 0.75f, true);

    private ReplicaPool() {
    }

    /**
     * Runs {@code work} on a replica of run {@code run} holding {@code weights}, on the backend named
     * {@code backendName} in this JVM (see {@link ExecutorBackends#resolve}); the replica goes back to the pool after.
     */
    static <T> T withReplica(String run, String backendName, ModelRecipe recipe, ModelWeights weights,
                             Function<Sequential, T> work) {
        Backend backend = ExecutorBackends.resolve(backendName);
        Sequential replica = borrow(run, backend, recipe);
        try {
            replica.setWeights(weights);
            return work.apply(replica);
        } finally {
            giveBack(run, backend, replica);
        }
    }

    /** A replica of run {@code run} on {@code backend}: an idle one, or a new one from {@code recipe}. */
    private static Sequential borrow(String run, Backend backend, ModelRecipe recipe) {
        String key = key(run, backend);
        synchronized (IDLE) {
            Deque<Sequential> idle = IDLE.computeIfAbsent(key, k -> new ArrayDeque<>());
            evictBeyondLimit();
            if (!idle.isEmpty()) {
                return idle.pop();
            }
        }
        return recipe.build(backend);
    }

    /** Gives a borrowed replica back, closing it if its run was evicted or released meanwhile. */
    private static void giveBack(String run, Backend backend, Sequential replica) {
        synchronized (IDLE) {
            Deque<Sequential> idle = IDLE.get(key(run, backend));
            if (idle != null) {
                idle.push(replica);
                return;
            }
        }
        replica.close();
    }

    /** Closes the idle replicas of run {@code run}, on every backend; those in use are closed when given back. */
    static void release(String run) {
        List<Sequential> closing = new ArrayList<>();
        synchronized (IDLE) {
            IDLE.entrySet().removeIf(e -> {
                if (e.getKey().startsWith(run + "/")) {
                    closing.addAll(e.getValue());
                    return true;
                }
                return false;
            });
        }
        closing.forEach(Sequential::close);
    }

    /**
     * Closes the replicas of run {@code run} in the executors a job of {@code tasks} tasks reaches: best effort, as
     * Spark does not promise a task to every executor; the {@value #RUNS_KEPT}-run bound covers the others.
     */
    static void releaseEverywhere(JavaSparkContext spark, String run, int tasks) {
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            slots.add(i);
        }
        spark.parallelize(slots, tasks).foreach(i -> release(run));
    }

    private static void evictBeyondLimit() {
        while (IDLE.size() > RUNS_KEPT) {
            String eldest = IDLE.keySet().iterator().next();
            IDLE.remove(eldest).forEach(Sequential::close);
        }
    }

    private static String key(String run, Backend backend) {
        return run + "/" + backend.id();
    }
}
