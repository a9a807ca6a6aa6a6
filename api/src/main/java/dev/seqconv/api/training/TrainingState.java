package dev.seqconv.api.training;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.network.ModelWeights;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Everything a training step changes in a model: its weights and its optimizer's state — every weight's slots,
 * weight by weight, then the step counter {@code t} (a scalar), as a checkpoint holds them. Two compiled models of
 * the same layers and optimizer given the same state take the same next step, bit for bit, on the same backend.
 *
 * <p>Serializable, to travel to the workers that continue the training.
 *
 * @param weights        every weight, by layer and name
 * @param optimizerState the optimizer's slots, then the step counter
 */
public record TrainingState(ModelWeights weights, List<NdArray> optimizerState) implements Serializable {

    public TrainingState {
        Objects.requireNonNull(weights, "weights");
        if (optimizerState == null || optimizerState.isEmpty()) {
            throw new IllegalArgumentException("An optimizer state ends with the step counter; got none");
        }
        optimizerState = List.copyOf(optimizerState);
    }

    /** The training steps taken so far (the step counter): the step whose dropout masks the next step draws. */
    public long trainingSteps() {
        return (long) optimizerState.get(optimizerState.size() - 1).item();
    }
}
