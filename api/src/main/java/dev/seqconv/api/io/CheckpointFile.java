package dev.seqconv.api.io;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Group;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A training checkpoint: a {@link WeightsFile} plus the optimizer's state in a group {@code optimizer/vars}
 * (every weight's slots, then the step counter, as Keras 3 keeps optimizer variables) and root attributes
 * naming the format version, the optimizer and the last finished epoch. Resuming from it at the next epoch
 * reproduces the uninterrupted run: shuffles and dropout masks depend only on the seed, the epoch and the step.
 */
public final class CheckpointFile {

    /** The version of this layout; a file of another version is refused. */
    public static final int VERSION = 1;

    static final String VERSION_ATTRIBUTE = "seqconv_checkpoint_version";
    static final String EPOCH_ATTRIBUTE = "epoch";
    static final String OPTIMIZER_ATTRIBUTE = "optimizer";

    private static final String OTHER_CHECKPOINT = "Resume from another checkpoint, or start from its weights with "
            + "loadWeights";

    /**
     * The contents of a checkpoint.
     *
     * @param epoch          the last finished epoch (0-based); resume with {@code initialEpoch = epoch + 1}
     * @param weights        the model's weights, in layer order
     * @param optimizerState the optimizer's slots, weight by weight, then the step counter
     * @param optimizer      the optimizer's name, e.g. {@code RMSprop}
     */
    public record Checkpoint(int epoch, List<NdArray> weights, List<NdArray> optimizerState, String optimizer) {
    }

    private CheckpointFile() {
    }

    /**
     * Writes a checkpoint to {@code file}, replacing it only once the new one is complete.
     *
     * @throws NonFiniteValuesException if a weight or optimizer variable holds NaN or infinite values; the previous
     *                                  file is kept
     */
    public static void save(Path file, List<LayerLayout> layers, Checkpoint checkpoint) {
        for (int i = 0; i < checkpoint.optimizerState().size(); i++) {
            WeightsFile.requireFinite(file, checkpoint.optimizerState().get(i), "optimizer variable " + i);
        }
        WeightsFile.write(file, layers, checkpoint.weights(), h5 -> {
            h5.putAttribute(VERSION_ATTRIBUTE, VERSION);
            h5.putAttribute(EPOCH_ATTRIBUTE, checkpoint.epoch());
            h5.putAttribute(OPTIMIZER_ATTRIBUTE, checkpoint.optimizer());
            WritableGroup vars = h5.putGroup("optimizer").putGroup("vars");
            for (int i = 0; i < checkpoint.optimizerState().size(); i++) {
                NdArray value = checkpoint.optimizerState().get(i);
                vars.putDataset(Integer.toString(i),
                        value.shape().rank() == 0 ? new float[] {value.item()} : WeightsFile.nested(value));
            }
        });
    }

    /**
     * Reads a checkpoint for a model of these layers compiled with this optimizer.
     *
     * @param stateShapes the shapes of the optimizer state, in order (the last, the step counter, is a scalar)
     * @throws IllegalArgumentException naming the problem: not a checkpoint, another format version, another
     *                                  model, another optimizer or other settings of it (a state of another size),
     *                                  an epoch or step count that is not a whole number from 0, a truncated or
     *                                  corrupt file
     */
    public static Checkpoint load(Path file, List<LayerLayout> layers, String optimizer, List<Shape> stateShapes) {
        return Hdf5Reader.read(file, h5 -> {
            List<NdArray> weights = WeightsFile.weights(file, h5, layers);
            if (h5.getAttribute(VERSION_ATTRIBUTE) == null || !(h5.getChild("optimizer") instanceof Group group)
                    || !(group.getChild("vars") instanceof Group vars)) {
                throw new IllegalArgumentException(file + " holds weights but no optimizer state: it is a weights file, "
                        + "not a checkpoint; load it with loadWeights, or resume from a file written by "
                        + "saveCheckpoint / ModelCheckpoint");
            }
            Hdf5Features.checkObject(group, file + ": group 'optimizer'");
            Hdf5Features.checkObject(vars, file + ": group 'optimizer/vars'");
            int version = intAttribute(file, h5, VERSION_ATTRIBUTE, Integer.MAX_VALUE);
            if (version != VERSION) {
                throw new IllegalArgumentException(file + " is a checkpoint of format version " + version
                        + "; this seqconv reads version " + VERSION + ". Resume with the seqconv that wrote it, or "
                        + "start from its weights with loadWeights");
            }
            String saved = attribute(file, h5, OPTIMIZER_ATTRIBUTE, String.class);
            if (!saved.equals(optimizer)) {
                throw new IllegalArgumentException(file + " holds the state of " + saved + ", but the model is compiled "
                        + "with " + optimizer + "; compile with " + saved + " to resume, or load only the weights");
            }
            int savedVariables = vars.getChildren().size();
            if (savedVariables != stateShapes.size()) {
                throw otherSettings(file, optimizer, savedVariables, stateShapes.size(), layers);
            }
            List<NdArray> state = new ArrayList<>();
            for (int i = 0; i < stateShapes.size(); i++) {
                Shape shape = stateShapes.get(i);
                String where = file + ": optimizer variable " + i;
                NdArray value = WeightsFile.dataset(vars, i, shape.rank() == 0 ? Shape.of(1) : shape, where);
                state.add(shape.rank() == 0 ? NdArray.scalar(value.item()) : value);
            }
            int epoch = intAttribute(file, h5, EPOCH_ATTRIBUTE, Integer.MAX_VALUE - 1);
            float step = state.isEmpty() ? 0 : state.get(state.size() - 1).item();
            if (step < 0 || step != Math.rint(step)) {
                throw new IllegalArgumentException(file + ": the checkpoint's step count is " + step + ", not a "
                        + "whole number >= 0; the file is damaged or was not written by seqconv. " + OTHER_CHECKPOINT);
            }
            return new Checkpoint(epoch, weights, state, saved);
        });
    }

    /**
     * Refuses an optimizer state of another size than the model's: the weights matched, so the optimizer's
     * settings differ (SGD keeps a momentum per weight with momentum, none without).
     */
    private static IllegalArgumentException otherSettings(Path file, String optimizer, int saved, int expected,
                                                          List<LayerLayout> layers) {
        long weights = layers.stream().mapToLong(l -> l.weights().size()).sum();
        String perWeight = weights > 0 && (saved - 1) % weights == 0 ? " (" + (saved - 1) / weights + " per weight "
                + "besides the step count, against " + (expected - 1) / weights + ")" : "";
        return new IllegalArgumentException(file + " holds this model's weights, but its optimizer state was saved "
                + "with other " + optimizer + " settings: only the optimizer's settings differ. The state holds "
                + saved + " variables where the model's " + optimizer + " keeps " + expected + perWeight
                + ", as SGD with momentum does against SGD without. Compile with the optimizer settings the "
                + "checkpoint was saved with to resume, or start from its weights with loadWeights");
    }

    /** A root attribute that must be a whole number in {@code [0, max]}. */
    private static int intAttribute(Path file, HdfFile h5, String name, int max) {
        Number value = attribute(file, h5, name, Number.class);
        double number = value.doubleValue();
        String problem = number != Math.rint(number) ? "not a whole number"
                : number < 0 ? "negative" : number > max ? "out of range (at most " + max + ")" : null;
        if (problem != null) {
            throw new IllegalArgumentException(file + ": checkpoint attribute '" + name + "' is " + value + ", "
                    + problem + "; the file is damaged or was not written by seqconv. " + OTHER_CHECKPOINT);
        }
        return (int) number;
    }

    /** The root attribute {@code name} as a {@code type}, or an error naming it, what it is and what it should be. */
    private static <T> T attribute(Path file, HdfFile h5, String name, Class<T> type) {
        Attribute attribute = h5.getAttribute(name);
        Object value = attribute == null ? null : attribute.getData();
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException(file + ": checkpoint attribute '" + name + "' "
                    + (value == null ? "is missing" : "holds " + value + " (" + value.getClass().getSimpleName() + ")")
                    + ", where seqconv writes a " + (type == Number.class ? "number" : "string") + "; the file is "
                    + "damaged or was not written by seqconv. " + OTHER_CHECKPOINT);
        }
        return type.cast(value);
    }
}
