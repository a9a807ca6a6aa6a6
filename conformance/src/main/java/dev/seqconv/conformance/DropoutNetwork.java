package dev.seqconv.conformance;

import dev.seqconv.api.layers.Conv1D;
import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.Dropout;
import dev.seqconv.api.layers.GRU;
import dev.seqconv.api.layers.RecurrentOptions;
import dev.seqconv.api.losses.MeanSquaredError;
import dev.seqconv.api.metrics.MeanAbsoluteErrorMetric;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.api.spi.Backend;

/**
 * A small network with every source of training randomness — Dropout, GRU's input and recurrent dropout masks —
 * on {@code (12, 3)} float inputs, compiled with RMSprop(0.01), mean squared error and the mean absolute error.
 */
final class DropoutNetwork {

    private DropoutNetwork() {
    }

    static Sequential compiled(Backend backend) {
        Sequential model = Sequential.builder().input(Input.floats(12, 3))
                .add(Conv1D.of(4, 3, Activation.RELU))
                .add(Dropout.of(0.2))
                .add(GRU.of(RecurrentOptions.builder(5).dropout(0.1).recurrentDropout(0.3).build()))
                .add(Dense.of(1))
                .seed(12)
                .build();
        model.compile(backend, new RMSprop(0.01f), new MeanSquaredError(), new MeanAbsoluteErrorMetric());
        return model;
    }
}
