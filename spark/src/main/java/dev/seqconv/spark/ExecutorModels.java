package dev.seqconv.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The models loaded for scoring in this JVM, one per model content and backend, shared by every task that scores
 * with them: a model is loaded on its first task in the JVM and kept for the next ones.
 *
 * <p>Tasks hold a model by a {@link Lease}. The cache keeps at most {@link #CAPACITY} models; loading another
 * retires the least recently used one, as {@link #releaseAll()} retires all. A retired model leaves the cache at
 * once and is closed (its engine memory freed) when the last task holding it ends; a later task loads it again.
 * Otherwise models stay until the JVM exits.
 */
final class ExecutorModels {

    /** The most models kept in one JVM. */
    static final int CAPACITY = 4;

    /** By key, least recently used first. */
    private static final Map<String, Entry> MODELS = new LinkedHashMap<>(16, 0.75f, true);
    private static long loads;

    private ExecutorModels() {
    }

    /**
     * The model cached under {@code key}, loaded by {@code loader} if absent; held until the lease is closed.
     * Loads run one at a time; a failed load caches nothing, so the next task tries again.
     */
    static synchronized Lease acquire(String key, Supplier<ScoringModel> loader) {
        Entry entry = MODELS.get(key);
        if (entry == null) {
            entry = new Entry(loader.get());
            loads++;
            MODELS.put(key, entry);
            retireBeyondCapacity();
        }
        entry.leases++;
        return new Lease(entry);
    }

    /**
     * Retires every cached model: each is closed now, or when the last task holding it ends.
     *
     * @return the number of models retired
     */
    static synchronized int releaseAll() {
        List<Entry> all = new ArrayList<>(MODELS.values());
        MODELS.clear();
        all.forEach(ExecutorModels::retire);
        return all.size();
    }

    /** How many models this JVM has loaded for scoring, for tests. */
    static synchronized long loads() {
        return loads;
    }

    private static void retireBeyondCapacity() {
        Iterator<Entry> leastRecent = MODELS.values().iterator();
        while (MODELS.size() > CAPACITY) {
            Entry entry = leastRecent.next();
            leastRecent.remove();
            retire(entry);
        }
    }

    private static void retire(Entry entry) {
        entry.retired = true;
        if (entry.leases == 0) {
            entry.model.close();
        }
    }

    private static synchronized void release(Entry entry) {
        entry.leases--;
        if (entry.retired && entry.leases == 0) {
            entry.model.close();
        }
    }

    /** A cached model and the tasks holding it; guarded by the class's lock. */
    private static final class Entry {
        private final ScoringModel model;
        private int leases;
        private boolean retired;

        Entry(ScoringModel model) {
            this.model = model;
        }
    }

    /** A task's hold on a cached model; closing it more than once is harmless. */
    static final class Lease implements AutoCloseable {
        private final Entry entry;
        private boolean closed;

        private Lease(Entry entry) {
            this.entry = entry;
        }

        ScoringModel model() {
            return entry.model;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                release(entry);
            }
        }
    }
}
