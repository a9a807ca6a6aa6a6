package dev.seqconv.api.training;

import dev.seqconv.api.callbacks.Logs;
import java.io.Serializable;
import java.util.Objects;

/**
 * A training step's figures — the global batch's mean loss and metrics — and how many samples they are the means
 * of, so that an epoch's figures are their sample-weighted mean.
 *
 * @param samples the samples of the step's global batch
 * @param figures the mean loss ({@code loss}) and metrics, by name
 */
public record StepFigures(int samples, Logs figures) implements Serializable {

    public StepFigures {
        Objects.requireNonNull(figures, "figures");
    }
}
