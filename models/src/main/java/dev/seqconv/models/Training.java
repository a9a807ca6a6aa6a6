package dev.seqconv.models;

import dev.seqconv.api.losses.Loss;
import dev.seqconv.api.metrics.Metric;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.optimizers.Optimizer;
import dev.seqconv.api.spi.Backend;
import java.util.List;

/**
 * How the book trains a network.
 *
 * @param optimizer       the optimizer, e.g. {@code RMSprop(lr=1e-4)}
 * @param loss            the loss
 * @param metrics         the metrics
 * @param epochs          the number of epochs
 * @param batchSize       samples per batch
 * @param validationSplit for array data, the fraction held out for validation (IMDB: 0.2)
 * @param stepsPerEpoch   for generated data, batches per epoch (Jena: 500); 0 for array data
 */
public record Training(Optimizer optimizer, Loss loss, List<Metric> metrics, int epochs, int batchSize,
                       double validationSplit, int stepsPerEpoch) {

    public Training {
        metrics = List.copyOf(metrics);
    }

    /** Compiles {@code network} on {@code backend} with this optimizer, loss and metrics. */
    public void compile(Sequential network, Backend backend) {
        network.compile(backend, optimizer, loss, metrics.toArray(Metric[]::new));
    }
}
