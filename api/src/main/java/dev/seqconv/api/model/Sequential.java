package dev.seqconv.api.model;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.callbacks.History;
import dev.seqconv.api.callbacks.Logs;
import dev.seqconv.api.callbacks.ModelCheckpoint;
import dev.seqconv.api.checks.Checks;
import dev.seqconv.api.data.ArrayBatchSource;
import dev.seqconv.api.data.Batch;
import dev.seqconv.api.data.BatchSource;
import dev.seqconv.api.io.CheckpointFile;
import dev.seqconv.api.io.WeightsFile;
import dev.seqconv.api.layers.Layer;
import dev.seqconv.api.losses.Loss;
import dev.seqconv.api.losses.ProbabilisticLoss;
import dev.seqconv.api.metrics.Metric;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.network.DataChecks;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.network.LayerNode;
import dev.seqconv.api.network.LayerStack;
import dev.seqconv.api.network.MemoryEstimate;
import dev.seqconv.api.network.ModelWeights;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.optimizers.Optimizer;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.training.FitConfig;
import dev.seqconv.api.training.GradientSegments;
import dev.seqconv.api.training.GradientSteps;
import dev.seqconv.api.training.ShardGradients;
import dev.seqconv.api.training.Trainer;
import dev.seqconv.api.training.TrainingState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * A stack of layers, as Keras's {@code Sequential}: built from an {@link Input} and layers, then compiled
 * onto a backend with an optimizer, a loss and metrics, then fit, evaluated and used to predict.
 *
 * <pre>{@code
 * try (Sequential model = Sequential.builder()
 *         .input(Input.ints(500))
 *         .add(Embedding.of(10_000, 128))
 *         .add(Conv1D.of(32, 7, Activation.RELU))
 *         .add(MaxPooling1D.of(5))
 *         .add(Conv1D.of(32, 7, Activation.RELU))
 *         .add(GlobalMaxPooling1D.of())
 *         .add(Dense.of(1))
 *         .seed(42)
 *         .build()) {
 *     System.out.print(model.summary());
 *     model.compile(new RMSprop(1e-4f), new BinaryCrossentropy(), new BinaryAccuracy());
 *     History history = model.fit(x, y, FitConfig.builder().epochs(10).batchSize(128).validationSplit(0.2).build());
 * }
 * }</pre>
 *
 * <p>Weights are drawn on the host from the model's seed when it is built, so the same seed gives the same
 * starting weights on every backend. Compiling moves them into the backend's native memory, which
 * {@link #close()} frees. A model runs one call at a time.
 */
public final class Sequential implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Sequential.class.getName());

    private final String name;
    private final long seed;
    private final LayerStack stack;
    private final DataChecks checks;
    private final CallGuard guard;
    /** The weights while the model is not compiled, else null. */
    private ModelWeights hostWeights;
    private Trainer compiled;

    private Sequential(String name, long seed, LayerStack stack) {
        this.name = name;
        this.seed = seed;
        this.stack = stack;
        this.checks = new DataChecks(stack);
        this.guard = new CallGuard(name);
        this.hostWeights = stack.initialWeights(seed);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String name() {
        return name;
    }

    /** The seed the starting weights and, by default, the shuffles were drawn from. */
    public long seed() {
        return seed;
    }

    public Input input() {
        return stack.input();
    }

    public Shape outputShape() {
        return stack.outputShape();
    }

    /** The layers as placed in this model, with their names and shapes. */
    public List<LayerNode> layers() {
        return stack.nodes();
    }

    /** The number of trainable values. */
    public long parameterCount() {
        return stack.parameterCount();
    }

    /** Keras's summary table; the chapter's IMDB network ends with {@code Total params: 1,315,937}. */
    public String summary() {
        return SummaryTable.render(name, stack.nodes());
    }

    /** Compiles onto the backend chosen by {@link Backends#select()}. */
    public void compile(Optimizer optimizer, Loss loss, Metric... metrics) {
        compile(Backends.select(), optimizer, loss, metrics);
    }

    /**
     * Moves the model onto {@code backend} and prepares training with these settings. Compiling again keeps
     * the current weights and starts the optimizer afresh, as in Keras.
     */
    public void compile(Backend backend, Optimizer optimizer, Loss loss, Metric... metrics) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(loss, "loss");
        exclusive(() -> {
            warnIfLossNeedsProbabilities(loss);
            ModelWeights current = compiled != null ? compiled.readWeights() : hostWeights;
            Trainer next = Trainer.compile(backend, stack, checks, current, optimizer, loss, List.of(metrics), seed);
            if (compiled != null) {
                compiled.close();
            }
            compiled = next;
            hostWeights = null;
            return null;
        });
    }

    /** The backend this model is compiled onto. */
    public Backend backend() {
        return requireCompiled().backend();
    }

    /**
     * Trains on arrays, as Keras's {@code fit(x, y, ...)}.
     *
     * @param x inputs, samples along the first axis
     * @param y targets, one per sample; shape {@code (n)} is accepted for a model with one output, and for a loss
     *          that {@linkplain Loss#takesClassIds() takes class ids} (checked integers below the output width)
     */
    public History fit(NdArray x, NdArray y, FitConfig config) {
        return exclusive(() -> requireCompiled().fit(x, y, config));
    }

    /**
     * Trains on batches from a source, as Keras's {@code fit(generator, steps_per_epoch=...)}; the config's
     * epochs, callbacks and {@code validation} source apply, its array settings do not.
     */
    public History fit(BatchSource train, FitConfig config) {
        return exclusive(() -> requireCompiled().fit(train, config));
    }

    /**
     * Trains with gradients computed elsewhere — data-parallel training, where each global batch is split over
     * workers — as {@link #fit(BatchSource, FitConfig)} does with local batches: at every step this model gives
     * {@code steps} its weights, applies its optimizer to the combined gradients it gets back, and reports the
     * step's figures to the callbacks. The config's epochs, initial epoch, callbacks, {@code validation} source and
     * {@code validationSteps} apply; its batch size and shuffling belong to {@code steps}, and a {@code stepsPerEpoch}
     * or array validation settings are refused.
     */
    public History fit(GradientSteps steps, FitConfig config) {
        Objects.requireNonNull(steps, "steps");
        return exclusive(() -> requireCompiled().fit(steps, config));
    }

    /**
     * Trains with segments of steps run elsewhere — data-parallel training whose workers exchange gradients among
     * themselves — as {@link #fit(GradientSteps, FitConfig)}: at each segment's start this model gives
     * {@code segments} its {@link #trainingState()}, takes on the state the segment ends in, and reports the
     * segment's steps to the callbacks one by one, so a callback that stops training takes effect at the end of the
     * segment in progress. A segment of several epochs ({@link GradientSegments#segmentEpochs()}) is reported epoch
     * by epoch: the model takes on each epoch's end state before the callbacks hear of that epoch, so validation,
     * checkpoints and {@code EarlyStopping} see what they would with one-epoch segments; a stop drops the segment's
     * later epochs. The config applies as for {@link #fit(GradientSteps, FitConfig)}.
     */
    public History fit(GradientSegments segments, FitConfig config) {
        Objects.requireNonNull(segments, "segments");
        return exclusive(() -> requireCompiled().fit(segments, config));
    }

    /** The weights and optimizer state (with the step counter) of this compiled model, as a checkpoint holds them. */
    public TrainingState trainingState() {
        return exclusive(() -> requireCompiled().readState());
    }

    /**
     * Takes on {@code state} — weights, optimizer state and step counter — so that this model's next step is the
     * one the model {@code state} was read from would take.
     *
     * @throws IllegalArgumentException if a weight or an optimizer state array is missing, extra or of another
     *                                  shape, naming it
     */
    public void restoreTrainingState(TrainingState state) {
        ModelWeights checked = ModelWeights.builder(stack, "Weight").putAll(state.weights()).build()
                .requireFinite("Weight");
        TrainingState restored = new TrainingState(checked, state.optimizerState());
        exclusive(() -> {
            requireCompiled().writeState(restored);
            return null;
        });
    }

    /**
     * The first half of a data-parallel training step (Keras's {@code tape.gradient}): the gradients of the mean
     * loss of {@code shard} with respect to every trainable weight (and the new value of every non-trainable one,
     * see {@link ShardGradients}), and the shard's loss and metrics, at the current weights; nothing is updated.
     * The dropout masks drawn are those of samples {@code firstSample ..} of the global batch of training step
     * {@code trainingStep}, so shards of one global batch together draw exactly the masks that batch draws in one
     * process.
     *
     * @param shard        inputs and targets of part of a global batch, checked as {@code fit} checks a batch
     * @param trainingStep the training step (0-based count of updates so far) whose masks to draw
     * @param firstSample  the position of the shard's first sample in the global batch
     */
    public ShardGradients computeGradients(Batch shard, long trainingStep, int firstSample) {
        if (trainingStep < 0 || firstSample < 0) {
            throw new IllegalArgumentException("trainingStep and firstSample count from 0, got " + trainingStep
                    + " and " + firstSample);
        }
        return exclusive(() -> requireCompiled().computeGradients(shard, trainingStep, firstSample));
    }

    /**
     * The second half of a data-parallel training step (Keras's {@code optimizer.apply_gradients}): the optimizer's
     * update of every weight from {@code gradients}, one per weight in the order of {@link #getWeights()}, and the
     * step counter's increment. For a non-trainable weight (BatchNormalization's moving statistics) the entry is
     * its new value, as {@link ShardGradients} carries it, and is assigned as it is.
     *
     * @throws IllegalArgumentException if the count, a shape or a type does not match, naming the weight, or a
     *                                  gradient holds NaN or infinite values
     */
    public void applyGradients(List<NdArray> gradients) {
        applyGradients(ModelWeights.of(stack, gradients, "Gradient of"));
    }

    /**
     * The second half of a data-parallel training step, as {@link #applyGradients(List)}, with the gradients by
     * layer and name ({@link ShardGradients#gradients()}).
     *
     * @throws IllegalArgumentException if a gradient is missing or extra, a shape or a type does not match, naming
     *                                  the weight, or a gradient holds NaN or infinite values
     */
    public void applyGradients(ModelWeights gradients) {
        ModelWeights checked = ModelWeights.builder(stack, "Gradient of").putAll(gradients).build()
                .requireFinite("Gradient of");
        exclusive(() -> {
            requireCompiled().applyGradients(checked);
            return null;
        });
    }

    /** The loss and metrics on arrays, in batches of 32, as Keras's {@code evaluate}. */
    public Logs evaluate(NdArray x, NdArray y) {
        return evaluate(x, y, 32);
    }

    public Logs evaluate(NdArray x, NdArray y, int batchSize) {
        return evaluate(new ArrayBatchSource(x, y, batchSize, null));
    }

    /** The loss and metrics over one pass of {@code data}. */
    public Logs evaluate(BatchSource data) {
        return exclusive(() -> requireCompiled().evaluate(data));
    }

    /** The model's outputs for {@code x}, in batches of 32. */
    public NdArray predict(NdArray x) {
        return predict(x, 32);
    }

    public NdArray predict(NdArray x, int batchSize) {
        Checks.positive("batchSize", batchSize);
        checks.checkInputs(x);
        new MemoryEstimate(stack).check(Math.min(batchSize, x.length()), false);
        return exclusive(() -> requireCompiled().predict(x, batchSize));
    }

    /** Copies of all weights, layer by layer, in the order each layer declares them (Keras's {@code get_weights}). */
    public List<NdArray> getWeights() {
        return weights().toList();
    }

    /** Copies of all weights by layer and name: {@code weights().get("dense", "kernel")}. */
    public ModelWeights weights() {
        return guard.reading(() -> compiled != null ? compiled.readWeights() : hostWeights);
    }

    /**
     * Replaces all weights (Keras's {@code set_weights}), all or nothing: every array is checked before any is
     * written, and if the engine fails part-way the previous weights are restored.
     *
     * @throws IllegalArgumentException if the count, a shape or a type does not match, naming the weight
     */
    public void setWeights(List<NdArray> weights) {
        setWeights(ModelWeights.of(stack, weights, "Weight"));
    }

    /**
     * Replaces all weights by layer and name, as {@link #setWeights(List)} does.
     *
     * @throws IllegalArgumentException if a weight is missing or extra, or a shape or a type does not match,
     *                                  naming the weight
     */
    public void setWeights(ModelWeights weights) {
        ModelWeights checked = ModelWeights.builder(stack, "Weight").putAll(weights).build().requireFinite("Weight");
        exclusive(() -> {
            if (compiled != null) {
                compiled.writeWeights(checked);
            } else {
                hostWeights = checked;
            }
            return null;
        });
    }

    /**
     * Saves this model with its weights as a Keras 3 {@code .keras} archive, as {@link KerasModels#save} does;
     * {@link KerasModels#load} reads it back.
     */
    public void save(Path file) {
        KerasModels.save(this, file);
    }

    /** Writes the weights to an HDF5 file in Keras's {@code .weights.h5} layout (see {@link WeightsFile}). */
    public void saveWeights(Path file) {
        WeightsFile.save(file, stack.weightsLayout(), getWeights());
    }

    /**
     * Reads weights saved by {@link #saveWeights} — on any backend — into this model.
     *
     * @throws IllegalArgumentException if the file is missing, corrupt, or holds another model's weights
     */
    public void loadWeights(Path file) {
        setWeights(WeightsFile.load(file, stack.weightsLayout()));
    }

    /**
     * Writes a checkpoint after epoch {@code epoch} (0-based): weights, optimizer state and step count
     * (see {@link CheckpointFile}). Needs a compiled model.
     *
     * @throws IllegalArgumentException if {@code epoch} is negative
     */
    public void saveCheckpoint(Path file, int epoch) {
        Checks.nonNegative("epoch", epoch);
        guard.reading(() -> {
            requireCompiled().saveCheckpoint(file, epoch);
            return null;
        });
    }

    /**
     * Restores a checkpoint written by {@link #saveCheckpoint} or {@link ModelCheckpoint} into this compiled
     * model (same layers, same optimizer; any backend).
     *
     * @return the last finished epoch: resume with {@code FitConfig.Builder.initialEpoch(epoch + 1)}
     */
    public int loadCheckpoint(Path file) {
        return exclusive(() -> requireCompiled().loadCheckpoint(file));
    }

    /** Frees the backend's native memory. Closing twice is harmless; any other use after closing throws. */
    @Override
    public void close() {
        guard.close(() -> {
            if (compiled != null) {
                compiled.close();
                compiled = null;
            }
        });
    }

    /** The layers as built, with their weights' names and the forward pass (for a {@code Predictor}, say). */
    public LayerStack stack() {
        return stack;
    }

    /** The backend this model is compiled onto, if it is compiled. */
    public Optional<Backend> compiledBackend() {
        return guard.reading(() -> Optional.ofNullable(compiled).map(Trainer::backend));
    }

    private Trainer requireCompiled() {
        if (compiled == null) {
            throw new IllegalStateException("Model '" + name + "' is not compiled; call compile(optimizer, loss, "
                    + "metrics...) first");
        }
        return compiled;
    }

    private <T> T exclusive(Supplier<T> action) {
        return guard.exclusive(action);
    }

    private void warnIfLossNeedsProbabilities(Loss loss) {
        probabilitiesWarning(stack, loss).ifPresent(warning -> LOG.log(System.Logger.Level.WARNING, warning));
    }

    /**
     * The warning a model deserves when its loss takes probabilities but its last layer does not end in the
     * activation that makes them (sigmoid for binary cross-entropy, softmax for the categorical ones).
     */
    static Optional<String> probabilitiesWarning(LayerStack stack, Loss loss) {
        if (!(loss instanceof ProbabilisticLoss probabilistic) || probabilistic.fromLogits()) {
            return Optional.empty();
        }
        Activation expected = probabilistic.probabilityActivation();
        LayerNode last = stack.nodes().get(stack.nodes().size() - 1);
        if (last.layer().outputActivation().orElse(null) == expected) {
            return Optional.empty();
        }
        return Optional.of("Loss " + loss.name() + " expects probabilities, but the last layer '" + last.name() + "' ("
                + last.layer().typeName() + ") does not end in a " + expected.kerasName() + ": its outputs will be "
                + "clipped to [1e-7, 1 - 1e-7] as tf.keras 2.x does, which stalls learning on every sample whose "
                + "output leaves that range. Give the last layer Activation." + expected.name() + ", or use new "
                + loss.getClass().getSimpleName() + "(true) to treat the outputs as logits.");
    }

    /** Builds a {@link Sequential}. */
    public static final class Builder {
        private String name = "sequential";
        private Input input;
        private final List<Layer> layers = new ArrayList<>();
        private Long seed;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** What one sample looks like, e.g. {@code Input.ints(500)}. */
        public Builder input(Input input) {
            this.input = input;
            return this;
        }

        public Builder add(Layer layer) {
            layers.add(Objects.requireNonNull(layer, "layer"));
            return this;
        }

        /** The seed of the starting weights; a random one when not set, readable with {@link #seed()}. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Builds the layers from the input, checking every shape.
         *
         * @throws IllegalArgumentException naming the first layer that cannot take its input
         */
        public Sequential build() {
            if (input == null) {
                throw new IllegalStateException("A Sequential model needs an input: builder().input(Input.ints(500)) "
                        + "or Input.floats(steps, features)");
            }
            long s = seed != null ? seed : ThreadLocalRandom.current().nextLong();
            return new Sequential(name, s, new LayerStack(input, layers));
        }
    }
}
