package dev.seqconv.spark;

import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.spi.Backend;
import java.io.Serializable;

/**
 * How to build and compile a model, sent to Spark's executors so that each builds its own replica there:
 * the same recipe gives the driver its model and every executor a model of the same layers, loss and metrics.
 *
 * <pre>{@code
 * ModelRecipe recipe = backend -> {
 *     Sequential model = ImdbNetworks.conv1dSigmoid(10_000, 500, 42);
 *     model.compile(backend, new RMSprop(1e-4f), new BinaryCrossentropy(), new BinaryAccuracy());
 *     return model;
 * };
 * }</pre>
 *
 * <p>A lambda is serializable when its target type is, as here, and when what it captures is; capture settings,
 * not models.
 */
@FunctionalInterface
public interface ModelRecipe extends Serializable {

    /** A new model, compiled onto {@code backend}; the caller closes it. */
    Sequential build(Backend backend);
}
