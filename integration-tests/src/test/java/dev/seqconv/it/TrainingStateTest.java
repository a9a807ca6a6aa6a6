package dev.seqconv.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.data.Batch;
import dev.seqconv.api.losses.MeanAbsoluteError;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.optimizers.Adam;
import dev.seqconv.api.optimizers.Optimizer;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.api.training.FitConfig;
import dev.seqconv.api.training.TrainingState;
import dev.seqconv.models.JenaNetworks;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Sequential#trainingState()} and {@link Sequential#restoreTrainingState}: a fresh model that takes on a
 * trained model's state (weights, optimizer slots, step counter, so the dropout masks too) trains on as that model
 * does, bit for bit; a state of another optimizer is refused.
 */
class TrainingStateTest {

    private static final int TIMESTEPS = 30;
    private static final FitConfig EPOCH = FitConfig.builder().batchSize(16).shuffleSeed(4L).build();

    @Test
    void aModelThatTakesOnAnothersStateTrainsOnAsThatOneBitForBit() {
        Batch data = SyntheticSeries.waves(32, TIMESTEPS, 3);
        try (Sequential trained = jena(new RMSprop()); Sequential fresh = jena(new RMSprop())) {
            trained.fit(data.x(), data.y(), EPOCH);
            TrainingState state = trained.trainingState();
            assertThat(state.trainingSteps()).isEqualTo(2);
            fresh.restoreTrainingState(state);
            trained.fit(data.x(), data.y(), EPOCH);
            fresh.fit(data.x(), data.y(), EPOCH);
            List<NdArray> expected = trained.getWeights();
            List<NdArray> actual = fresh.getWeights();
            for (int w = 0; w < expected.size(); w++) {
                assertThat(actual.get(w).toFloatArray()).as("weight %d", w).isEqualTo(expected.get(w).toFloatArray());
            }
        }
    }

    @Test
    void theStateOfAnotherOptimizerIsRefused() {
        try (Sequential rmsprop = jena(new RMSprop()); Sequential adam = jena(new Adam())) {
            TrainingState state = rmsprop.trainingState();
            assertThatThrownBy(() -> adam.restoreTrainingState(state))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("compiled with another optimizer");
        }
    }

    private static Sequential jena(Optimizer optimizer) {
        Sequential model = JenaNetworks.conv1dGru(TIMESTEPS, true, 5);
        model.compile(Backends.get("nd4j"), optimizer, new MeanAbsoluteError());
        return model;
    }
}
