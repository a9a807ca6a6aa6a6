package dev.seqconv.backend.nd4j;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@link OneDnnPrimitives} of the geometries {@code G} used last, at most {@code capacity} of them: memory stays
 * bounded whatever the batch sizes a model sees. An evicted geometry's native objects are freed as soon as the last
 * call using it ends ({@link #acquire}, then {@link OneDnnPrimitives#release}).
 */
final class OneDnnCache<G, P extends OneDnnPrimitives> {

    private final int capacity;
    /** The geometries in use order; its lock guards the order and the making of primitives. */
    private final Map<G, P> primitives;

    OneDnnCache(int capacity) {
        this.capacity = capacity;
        this.primitives = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<G, P> eldest) {
                if (size() <= OneDnnCache.this.capacity) {
                    return false;
                }
                eldest.getValue().evict();
                return true;
            }
        };
    }

    /**
     * The primitives of {@code geometry}, made by {@code make} (keeping every native object made meanwhile) when not
     * cached; the caller uses them and then calls {@link OneDnnPrimitives#release}, once, whatever happens.
     */
    P acquire(G geometry, Function<G, P> make) {
        synchronized (primitives) {
            P cached = primitives.get(geometry);
            if (cached != null) {
                cached.acquired();
                return cached;
            }
            OneDnnPrimitives.Owned<P> made = OneDnnPrimitives.Owned.make(() -> make.apply(geometry));
            made.value().own(made.natives());
            made.value().acquired();
            primitives.put(geometry, made.value());
            return made.value();
        }
    }

    /** The geometries cached now. */
    int size() {
        synchronized (primitives) {
            return primitives.size();
        }
    }
}
