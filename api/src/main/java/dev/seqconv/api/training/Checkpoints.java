package dev.seqconv.api.training;

import dev.seqconv.api.io.CheckpointFile;
import dev.seqconv.api.io.LayerLayout;
import dev.seqconv.api.network.LayerStack;
import dev.seqconv.api.network.ModelWeights;
import java.nio.file.Path;
import java.util.List;

/**
 * Checkpoints of one model's layers: the one place that writes and restores them, used by
 * {@link dev.seqconv.api.model.Sequential#saveCheckpoint}, {@link dev.seqconv.api.model.Sequential#loadCheckpoint} and, through the training loop, by
 * callbacks such as {@code ModelCheckpoint}.
 */
final class Checkpoints {

    private final LayerStack stack;
    private final List<LayerLayout> layout;

    Checkpoints(LayerStack stack) {
        this.stack = stack;
        this.layout = stack.weightsLayout();
    }

    /** Writes a checkpoint of {@code model} after epoch {@code epoch}: weights, optimizer state, step count. */
    void save(CompiledModel model, Path file, int epoch) {
        CheckpointFile.save(file, layout, new CheckpointFile.Checkpoint(epoch, model.readWeights().toList(),
                model.readOptimizerState(), model.optimizer().name()));
    }

    /** Restores a checkpoint into {@code model}; the last finished epoch. */
    int restore(CompiledModel model, Path file) {
        CheckpointFile.Checkpoint checkpoint = CheckpointFile.load(file, layout, model.optimizer().name(),
                model.optimizerStateShapes());
        model.writeWeights(ModelWeights.of(stack, checkpoint.weights(), "Weight"));
        model.writeOptimizerState(checkpoint.optimizerState());
        return checkpoint.epoch();
    }
}
