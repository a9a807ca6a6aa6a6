package dev.seqconv.api.training;

import dev.seqconv.api.callbacks.History;
import dev.seqconv.api.callbacks.Logs;
import dev.seqconv.api.data.ArrayBatchSource;
import dev.seqconv.api.data.Batch;
import dev.seqconv.api.data.BatchSource;
import dev.seqconv.api.losses.Loss;
import dev.seqconv.api.metrics.Metric;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.network.DataChecks;
import dev.seqconv.api.network.LayerStack;
import dev.seqconv.api.network.MemoryEstimate;
import dev.seqconv.api.network.ModelWeights;
import dev.seqconv.api.optimizers.Optimizer;
import dev.seqconv.api.spi.Backend;
import java.nio.file.Path;
import java.util.List;

/**
 * A model's layers compiled onto a backend with an optimizer, a loss and metrics: what {@code Sequential} hands
 * every compiled call to. It trains (on arrays, on batch sources, or with gradients computed elsewhere), computes
 * and applies the two halves of a data-parallel step, evaluates, predicts, reads and writes the weights, and saves
 * and restores checkpoints. One call at a time; the caller keeps it so.
 *
 * <p>A training step on a batch {@code (x, y)} computes the loss {@code L(y, f(W, x))}, its gradients
 * {@code ∇_W L} for the trainable weights and the optimizer's update {@code W ← W − update(∇_W L)}; the layers'
 * non-trainable weights take the values the step assigns them.
 */
public final class Trainer implements AutoCloseable {

    private final CompiledModel model;
    private final LayerStack stack;
    private final DataChecks checks;
    private final Checkpoints checkpoints;
    private final long seed;

    private Trainer(CompiledModel model, LayerStack stack, DataChecks checks, long seed) {
        this.model = model;
        this.stack = stack;
        this.checks = checks;
        this.checkpoints = new Checkpoints(stack);
        this.seed = seed;
    }

    /**
     * Moves {@code weights} (those of {@code stack}) into a new executor of {@code backend}
     * and prepares training with these settings; the functions are compiled on first use.
     *
     * @param checks the model's data checks (which warn once per model)
     * @param seed   the model's seed: the dropout masks' and, by default, the shuffles'
     */
    public static Trainer compile(Backend backend, LayerStack stack, DataChecks checks, ModelWeights weights,
                                  Optimizer optimizer, Loss loss, List<Metric> metrics, long seed) {
        return new Trainer(new CompiledModel(backend, stack, weights, optimizer, loss, metrics, seed), stack, checks,
                seed);
    }

    /** The backend the weights live on. */
    public Backend backend() {
        return model.backend();
    }

    /**
     * Trains on arrays, as Keras's {@code fit(x, y, ...)}: both checked, a validation split or validation arrays
     * set aside as the config says, the training samples shuffled by the config's seed or the model's.
     */
    public History fit(NdArray x, NdArray y, FitConfig config) {
        if (x.length() != y.length()) {
            throw new IllegalArgumentException("fit got " + x.length() + " input samples but " + y.length() + " targets");
        }
        if (x.length() > 0) {
            checks.checkInputs(x);
            checks.conformTargets(y, y.length(), model.loss());
        }
        NdArray trainX = x;
        NdArray trainY = y;
        BatchSource validation = config.validationSource();
        if (config.validationSplit() > 0) {
            int split = (int) (x.length() * (1 - config.validationSplit()));
            if (split == 0 || split == x.length()) {
                throw new IllegalArgumentException("validationSplit " + config.validationSplit() + " of " + x.length()
                        + " samples leaves " + split + " for training and " + (x.length() - split)
                        + " for validation; both need at least one");
            }
            trainX = x.rows(0, split);
            trainY = y.rows(0, split);
            validation = new ArrayBatchSource(x.rows(split, x.length()), y.rows(split, y.length()), config.batchSize(), null);
        } else if (config.validationX() != null) {
            validation = new ArrayBatchSource(config.validationX(), config.validationY(), config.batchSize(), null);
        }
        BatchSource train = new ArrayBatchSource(trainX, trainY, config.batchSize(), config.orderSeed(seed));
        return fit(train, validation, config);
    }

    /**
     * Trains on batches from a source, as Keras's {@code fit(generator, steps_per_epoch=...)}; the config's
     * epochs, callbacks and {@code validation} source apply, its array settings do not.
     */
    public History fit(BatchSource train, FitConfig config) {
        if (config.validationSplit() > 0 || config.validationX() != null) {
            throw new IllegalArgumentException("validationSplit and validationData need arrays; with a batch source, "
                    + "give validation batches with FitConfig.Builder.validation(source)");
        }
        return fit(train, config.validationSource(), config);
    }

    private History fit(BatchSource train, BatchSource validation, FitConfig config) {
        BatchSource trainBatches = FitConfig.limited(train, config.stepsPerEpoch());
        BatchSource validationBatches = FitConfig.limited(validation, config.validationSteps());
        return loop().fit(trainBatches, validationBatches, config.initialEpoch(), config.epochs(), config.callbacks());
    }

    /**
     * Trains with gradients computed elsewhere: at every step {@code steps} gets the weights and gives back the
     * combined gradients of a global batch, which the optimizer applies here. The config's epochs, initial epoch,
     * callbacks, {@code validation} source and {@code validationSteps} apply; a {@code stepsPerEpoch} or array
     * validation settings are refused.
     */
    public History fit(GradientSteps steps, FitConfig config) {
        BatchSource validationBatches = remoteValidation(config, "gradient steps", steps.stepsPerEpoch());
        return loop().fit(steps, validationBatches, config.initialEpoch(), config.epochs(), config.callbacks());
    }

    /**
     * Trains with segments of steps run elsewhere, as {@link #fit(GradientSteps, FitConfig)} with steps, taking on
     * each segment's end state.
     */
    public History fit(GradientSegments segments, FitConfig config) {
        BatchSource validationBatches = remoteValidation(config, "gradient segments", segments.stepsPerEpoch());
        return loop().fit(segments, validationBatches, config.initialEpoch(), config.epochs(), config.callbacks());
    }

    /**
     * The validation batches of a fit whose training steps run elsewhere ({@code what}), refusing the settings
     * that only local arrays or batches have.
     */
    private static BatchSource remoteValidation(FitConfig config, String what, int stepsPerEpoch) {
        if (config.validationSplit() > 0 || config.validationX() != null) {
            throw new IllegalArgumentException("validationSplit and validationData need arrays; with " + what
                    + ", give validation batches with FitConfig.Builder.validation(source)");
        }
        if (config.stepsPerEpoch() > 0) {
            throw new IllegalArgumentException("stepsPerEpoch limits local batches; " + what + " give their own "
                    + "steps per epoch (" + stepsPerEpoch + "): leave it unset");
        }
        return FitConfig.limited(config.validationSource(), config.validationSteps());
    }

    /** The weights and optimizer state (with the step counter). */
    public TrainingState readState() {
        return new TrainingState(model.readWeights(), model.readOptimizerState());
    }

    /** Restores {@code state} (weights checked by the caller against the model): weights, then optimizer state. */
    public void writeState(TrainingState state) {
        List<Shape> shapes = model.optimizerStateShapes();
        List<NdArray> slots = state.optimizerState();
        if (slots.size() != shapes.size()) {
            throw new IllegalArgumentException("The optimizer state holds " + slots.size() + " arrays; this model's "
                    + model.optimizer().name() + " needs " + shapes.size() + ": was it compiled with another optimizer?");
        }
        for (int i = 0; i < shapes.size(); i++) {
            if (!slots.get(i).shape().equals(shapes.get(i))) {
                throw new IllegalArgumentException("Optimizer state array " + i + " has shape " + slots.get(i).shape()
                        + ", this model needs " + shapes.get(i) + ": was it compiled with another optimizer?");
            }
        }
        model.writeWeights(state.weights());
        model.writeOptimizerState(slots);
    }

    /**
     * The first half of a data-parallel step: the shard checked, then its gradients (and the non-trainable
     * weights' new values) and figures at the current weights, with the dropout masks of samples
     * {@code firstSample ..} of training step {@code trainingStep}'s global batch; nothing is updated.
     */
    public ShardGradients computeGradients(Batch shard, long trainingStep, int firstSample) {
        new MemoryEstimate(stack).check(shard.size(), true);
        Batch checked = checks.checked(shard, " of a shard", model.loss());
        CompiledModel.GradientsOutput out = model.gradients(checked, trainingStep, firstSample);
        return new ShardGradients(checked.size(), TrainingLoop.figures(checked, out.output(), model.metrics()),
                out.gradients());
    }

    /**
     * The second half of a data-parallel step: the optimizer's update from {@code gradients} (checked by the
     * caller against the model, and finite) and the step counter's increment.
     */
    public void applyGradients(ModelWeights gradients) {
        model.applyGradients(gradients);
    }

    /** The loss and metrics over one pass of {@code data}. */
    public Logs evaluate(BatchSource data) {
        return loop().evaluate(data);
    }

    /** The model's outputs for {@code x} (checked by the caller), in batches of {@code batchSize}. */
    public NdArray predict(NdArray x, int batchSize) {
        return x.mapSlices(batchSize, stack.outputShape().dropFirst(), slice -> model.predict(slice, batchSize));
    }

    /** Copies of all weights. */
    public ModelWeights readWeights() {
        return model.readWeights();
    }

    /** Replaces all weights (checked by the caller against the model), all or nothing. */
    public void writeWeights(ModelWeights weights) {
        model.writeWeights(weights);
    }

    /** Writes a checkpoint after epoch {@code epoch}: weights, optimizer state and step count. */
    public void saveCheckpoint(Path file, int epoch) {
        checkpoints.save(model, file, epoch);
    }

    /** Restores a checkpoint; returns the last finished epoch. */
    public int loadCheckpoint(Path file) {
        return checkpoints.restore(model, file);
    }

    private TrainingLoop loop() {
        return new TrainingLoop(model, stack, checks, checkpoints);
    }

    /** Frees the executor's native memory. */
    @Override
    public void close() {
        model.close();
    }
}
