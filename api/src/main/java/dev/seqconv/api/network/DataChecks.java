package dev.seqconv.api.network;

import dev.seqconv.api.data.Batch;
import dev.seqconv.api.layers.Embedding;
import dev.seqconv.api.losses.Loss;
import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Checks the data fed to a model on the host, before any engine sees it, so that bad data gives a clear
 * message instead of a native error or a silent wrong answer. Where Keras accepts data that is likely a mistake
 * and computes with it, so does seqconv, with a warning logged once per model: targets outside {@code [0, 1]}
 * for a loss that {@linkplain Loss#takesTargetsInUnitInterval() takes labels or probabilities} (binary
 * cross-entropy with labels 7 or −1).
 */
public final class DataChecks {

    private static final System.Logger LOG = System.getLogger(DataChecks.class.getName());

    private final Input input;
    private final Shape outputShape;
    private final int vocabulary;
    private final AtomicBoolean warnedOfTargetRange = new AtomicBoolean();

    public DataChecks(LayerStack stack) {
        this.input = stack.input();
        this.outputShape = stack.outputShape();
        this.vocabulary = stack.nodes().get(0).layer() instanceof Embedding e ? e.inputDim() : -1;
    }

    /** Checks model inputs given whole: type, sample shape, id range, finiteness. */
    public void checkInputs(NdArray x) {
        checkInputs(x, "");
    }

    /**
     * Checks model inputs: type, sample shape, id range, finiteness.
     *
     * @param scope where the samples are counted, for messages: {@code ""} for a whole data set, {@code " of a
     *              batch"} for one batch
     */
    void checkInputs(NdArray x, String scope) {
        if (x.dataType() != input.dataType()) {
            throw new IllegalArgumentException("The model takes " + input.dataType() + " inputs, got " + x.dataType()
                    + (input.dataType() == DataType.INT32 ? "; token ids must be int arrays (NdArray.ofInts)" : ""));
        }
        Shape sample = x.shape().rank() == 0 ? x.shape() : x.shape().dropFirst();
        if (!sample.equals(input.shape())) {
            throw new IllegalArgumentException("The model takes samples of shape " + input.shape() + " (batches "
                    + input.batchShape() + "), got an array of shape " + x.shape()
                    + "; samples go along the first axis");
        }
        if (x.length() == 0) {
            throw new IllegalArgumentException("The input has no samples");
        }
        if (vocabulary > 0) {
            int[] ids = x.toIntArray();
            for (int i = 0; i < ids.length; i++) {
                if (ids[i] < 0 || ids[i] >= vocabulary) {
                    throw new IllegalArgumentException("Token id " + ids[i] + " at sample " + (i / input.shape().size())
                            + scope + " is outside the Embedding's vocabulary [0, " + vocabulary + "); map rare words to the "
                            + "out-of-vocabulary id 2 (as Keras's num_words does) or enlarge inputDim");
                }
            }
        }
        checkFinite(x, "input", scope);
    }

    /**
     * The shape of a batch of targets for {@code loss}: the model's output shape, with a last dimension of 1 (one
     * class id per row) where the loss {@linkplain Loss#takesClassIds() takes class ids}.
     */
    public static Shape targetShape(Shape outputShape, Loss loss) {
        return loss.takesClassIds() ? outputShape.withDim(-1, 1) : outputShape;
    }

    /**
     * Checks targets against the model's output and {@code loss} and returns them shaped as
     * {@link #targetShape} says: targets missing a last dimension of 1 get it, as Keras does for {@code (n)}
     * targets of a model with one output or class ids of shape {@code (n)}.
     */
    public NdArray conformTargets(NdArray y, int samples, Loss loss) {
        return conformTargets(y, samples, "", loss);
    }

    /**
     * A batch checked as a training or test step takes it: its inputs checked ({@link #checkInputs(NdArray,
     * String)}) and its targets conformed to the model's outputs ({@link #conformTargets}), samples counted within
     * {@code scope} for messages.
     */
    public Batch checked(Batch batch, String scope, Loss loss) {
        checkInputs(batch.x(), scope);
        return new Batch(batch.x(), conformTargets(batch.y(), batch.size(), scope, loss));
    }

    /** As {@link #conformTargets(NdArray, int, Loss)}, counting samples within {@code scope} for messages. */
    NdArray conformTargets(NdArray y, int samples, String scope, Loss loss) {
        Shape expected = targetShape(outputShape, loss).withDim(0, samples);
        if (y.dataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("Targets must be float arrays (NdArray.ofFloats), got " + y.dataType());
        }
        if (y.shape().rank() == 0 || y.length() != samples) {
            throw new IllegalArgumentException("Got " + samples + " input samples but targets of shape " + y.shape()
                    + "; give one target per sample");
        }
        NdArray shaped = y;
        if (!y.shape().equals(expected)) {
            boolean missingLastAxis = y.shape().rank() == expected.rank() - 1 && expected.dim(-1) == 1
                    && Arrays.equals(y.shape().dims(), Arrays.copyOf(expected.dims(), expected.rank() - 1));
            if (!missingLastAxis) {
                throw new IllegalArgumentException("Targets have shape " + y.shape() + " but the model outputs "
                        + outputShape + (loss.takesClassIds() ? " and " + loss.name() + " takes one class id per row"
                        : "") + "; give targets shaped " + expected);
            }
            shaped = y.reshape(expected);
        }
        checkFinite(shaped, "target", scope);
        if (loss.takesClassIds()) {
            checkClassIds(shaped, outputShape.dim(-1), loss, scope);
        }
        if (loss.takesTargetsInUnitInterval() && !warnedOfTargetRange.get()) {
            warnOfTargetsOutsideUnitInterval(shaped, loss, scope);
        }
        return shaped;
    }

    /** Logs, once per model, the first target outside [0, 1] of a loss that takes labels or probabilities. */
    private void warnOfTargetsOutsideUnitInterval(NdArray targets, Loss loss, String scope) {
        float[] v = targets.toFloatArray();
        int i = 0;
        while (i < v.length && v[i] >= 0 && v[i] <= 1) {
            i++;
        }
        if (i < v.length && warnedOfTargetRange.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "The target of sample " + i / (v.length / targets.length())
                    + scope + " is " + v[i] + ", outside [0, 1], where " + loss.name() + " takes labels 0 and 1 "
                    + "or probabilities between. Keras trains on such targets as given, and so does seqconv (the "
                    + "loss can go negative). For class ids of more than two classes use "
                    + "SparseCategoricalCrossentropy with one output per class. (Warned once per model.)");
        }
    }

    /** Refuses class ids that are not integers in {@code [0, classes)}, which no engine could check. */
    private static void checkClassIds(NdArray ids, int classes, Loss loss, String scope) {
        float[] v = ids.toFloatArray();
        int perSample = ids.size() / ids.length();
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i]) || v[i] < 0 || v[i] >= classes) {
                throw new IllegalArgumentException("The target of sample " + i / perSample + scope + " is " + v[i]
                        + " but " + loss.name() + " takes class ids, integers in [0, " + classes + ") for a model "
                        + "with " + classes + " outputs" + (v[i] == Math.rint(v[i]) ? ""
                        : "; for one-hot or soft targets use CategoricalCrossentropy"));
            }
        }
    }

    private static void checkFinite(NdArray a, String what, String scope) {
        int bad = a.firstNonFinite();
        if (bad >= 0) {
            int perSample = a.size() / a.length();
            throw new IllegalArgumentException("The " + what + " of sample " + bad / perSample + scope + " holds "
                    + a.toFloatArray()[bad] + "; remove or impute NaN and infinite values before training");
        }
    }
}
