package dev.seqconv.api.training;

import dev.seqconv.api.autodiff.TapeOps;
import dev.seqconv.api.data.Batch;
import dev.seqconv.api.losses.Loss;
import dev.seqconv.api.metrics.Metric;
import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.network.DataChecks;
import dev.seqconv.api.network.InferencePlans;
import dev.seqconv.api.network.LayerStack;
import dev.seqconv.api.network.MemoryEstimate;
import dev.seqconv.api.network.ModelWeights;
import dev.seqconv.api.network.UnrolledGraphEstimate;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.ops.Variable;
import dev.seqconv.api.optimizers.Optimizer;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.spi.CompiledFunction;
import dev.seqconv.api.spi.Executor;
import dev.seqconv.api.spi.FunctionDefinition;
import dev.seqconv.api.spi.FunctionResult.Assignment;
import dev.seqconv.api.spi.FunctionResult;
import dev.seqconv.api.spi.TensorSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A model inside an engine: its weights, optimizer slots and step counter as variables of one executor, and
 * the three functions Keras compiles — a training step, a test step and a prediction step — plus a training
 * step's two halves for data-parallel training: the gradients of a shard of a global batch, and the optimizer's
 * update from the shards' combined gradients. Each function is compiled on first use (the two that compute
 * gradients after the {@linkplain UnrolledGraphEstimate unrolled graph's estimate} accepts them), so a graph engine
 * traces only what is used.
 */
final class CompiledModel implements AutoCloseable {

    private final Backend backend;
    private final Optimizer optimizer;
    private final Loss loss;
    private final List<Metric> metrics;
    private final Executor executor;
    private final List<Variable> weights = new ArrayList<>();
    private final List<List<Variable>> slots = new ArrayList<>();
    private final Variable iterations;
    private final DropoutMasks masks;
    private final LayerStack stack;
    private final UnrolledGraphEstimate graph;
    private final TensorSpec x;
    private final TensorSpec y;
    private CompiledFunction trainStep;
    private CompiledFunction testStep;
    private CompiledFunction predictStep;
    /** The engine's inference plans of the current weights, made by the first prediction after they changed. */
    private InferencePlans plans;
    private CompiledFunction gradientStep;
    private CompiledFunction applyStep;

    /** Training steps taken: the step counter the engine keeps, mirrored on the host for the dropout masks. */
    private long step;

    CompiledModel(Backend backend, LayerStack stack, ModelWeights initialWeights, Optimizer optimizer, Loss loss,
                  List<Metric> metrics, long seed) {
        this.backend = backend;
        this.optimizer = optimizer;
        this.loss = loss;
        this.metrics = List.copyOf(metrics);
        this.stack = stack;
        this.executor = backend.newExecutor();
        try {
            List<LayerStack.NamedWeight> named = stack.weights();
            for (int i = 0; i < named.size(); i++) {
                String name = named.get(i).name();
                weights.add(executor.createVariable(name,
                        initialWeights.get(named.get(i).layer(), named.get(i).spec().name())));
                List<Variable> weightSlots = new ArrayList<>();
                for (String slot : named.get(i).spec().trainable() ? optimizer.slotNames() : List.<String>of()) {
                    weightSlots.add(executor.createVariable(optimizer.name() + "/" + name + "/" + slot,
                            NdArray.zeros(named.get(i).spec().shape())));
                }
                slots.add(weightSlots);
            }
            iterations = executor.createVariable(optimizer.name() + "/iterations", NdArray.scalar(0f));

            masks = new DropoutMasks(stack.noise(), seed);
            graph = new UnrolledGraphEstimate(stack, backend, MemoryEstimate.physicalMemory());
            x = new TensorSpec("x", stack.input().batchShape(), stack.input().dataType());
            y = new TensorSpec("y", DataChecks.targetShape(stack.outputShape(), loss), DataType.FLOAT32);
        } catch (RuntimeException e) {
            executor.close();
            throw e;
        }
    }

    /** A training step's inputs: the batch's inputs and targets, then one dropout mask per noise source. */
    private List<TensorSpec> trainingInputs() {
        List<TensorSpec> inputs = new ArrayList<>(List.of(x, y));
        stack.noise().forEach(n -> inputs.add(
                new TensorSpec(n.name(), n.sampleShape().prepend(Shape.UNKNOWN), DataType.FLOAT32)));
        return inputs;
    }

    /**
     * A step function's inputs: a training function's in the order of {@link #trainingInputs()}, a test
     * function's without masks.
     *
     * @param x     the batch's inputs
     * @param y     its targets
     * @param masks one dropout mask per noise source, in the layers' order (none in a test step)
     */
    private record StepInputs(Tensor x, Tensor y, List<Tensor> masks) {
        static StepInputs of(List<Tensor> in) {
            return new StepInputs(in.get(0), in.get(1), in.subList(2, in.size()));
        }
    }

    /** Forward pass, loss, gradients and the optimizer's update, as one function. */
    private FunctionResult trainBody(TapeOps ops, StepInputs in) {
        Forward f = forward(ops, in);
        return new FunctionResult(List.of(f.loss(), f.predictions()), update(ops, f.weights(), changes(ops, f)));
    }

    /**
     * Forward pass, loss and each weight's change, without the update: the first half of a data-parallel step
     * (see {@link #changes}).
     */
    private FunctionResult gradientBody(TapeOps ops, StepInputs in) {
        Forward f = forward(ops, in);
        List<Tensor> outputs = new ArrayList<>(List.of(f.loss(), f.predictions()));
        outputs.addAll(changes(ops, f));
        return new FunctionResult(outputs, List.of());
    }

    /** The weights read (the trainable ones watched), the predictions for {@code x} and their loss against {@code y}. */
    private Forward forward(TapeOps ops, StepInputs in) {
        List<Tensor> w = read(ops, weights);
        List<Tensor> trainable = new ArrayList<>();
        for (int i = 0; i < w.size(); i++) {
            if (trainable(i)) {
                ops.watch(w.get(i));
                trainable.add(w.get(i));
            }
        }
        LayerStack.Pass pass = stack.trainingForward(ops, in.x(), w, in.masks());
        return new Forward(w, trainable, pass.assignments(), pass.output(), loss.compute(ops, in.y(), pass.output()));
    }

    private boolean trainable(int weight) {
        return stack.weights().get(weight).spec().trainable();
    }

    /**
     * A training forward pass on the tape: every weight as read, the trainable ones (watched), the new values the
     * layers assigned to non-trainable weights by model-wide name, the predictions and the loss.
     */
    private record Forward(List<Tensor> weights, List<Tensor> trainable, Map<String, Tensor> assigned,
                           Tensor predictions, Tensor loss) {
    }

    /**
     * One change per weight of {@code f}, in order: a trainable weight's gradient; a non-trainable weight's new
     * value (the value a layer assigned, else its value unchanged), which data-parallel shards average, as Keras's
     * MirroredStrategy averages BatchNormalization's moving statistics across replicas.
     */
    private List<Tensor> changes(TapeOps ops, Forward f) {
        Iterator<Tensor> gradients = ops.gradients(f.loss(), f.trainable()).iterator();
        List<LayerStack.NamedWeight> named = stack.weights();
        List<Tensor> changes = new ArrayList<>(f.weights().size());
        for (int i = 0; i < f.weights().size(); i++) {
            LayerStack.NamedWeight weight = named.get(i);
            changes.add(weight.spec().trainable() ? gradients.next()
                    : f.assigned().getOrDefault(weight.name(), f.weights().get(i)));
        }
        return changes;
    }

    /**
     * The optimizer's update of every trainable weight and slot from its gradient, the new value of every
     * non-trainable weight, and the step counter's increment.
     *
     * @param changes one per weight, as {@link #changes} gives them
     */
    private List<Assignment> update(TapeOps ops, List<Tensor> w, List<Tensor> changes) {
        Tensor step = ops.add(ops.read(iterations), 1f);
        List<Assignment> assignments = new ArrayList<>();
        for (int i = 0; i < w.size(); i++) {
            if (!trainable(i)) {
                assignments.add(new Assignment(weights.get(i), changes.get(i)));
                continue;
            }
            Optimizer.Update update = optimizer.update(ops, w.get(i), changes.get(i), read(ops, slots.get(i)), step);
            assignments.add(new Assignment(weights.get(i), update.weight()));
            for (int s = 0; s < update.slots().size(); s++) {
                assignments.add(new Assignment(slots.get(i).get(s), update.slots().get(s)));
            }
        }
        assignments.add(new Assignment(iterations, step));
        return assignments;
    }

    private static List<Tensor> read(TapeOps ops, List<Variable> variables) {
        return variables.stream().map(ops::read).toList();
    }

    Backend backend() {
        return backend;
    }

    /** The layers whose weights this model holds. */
    LayerStack stack() {
        return stack;
    }

    Loss loss() {
        return loss;
    }

    List<Metric> metrics() {
        return metrics;
    }

    /**
     * Compiles the training step unless it is compiled.
     *
     * @throws IllegalArgumentException if the engine's graph for training would be too large
     *                                  ({@link UnrolledGraphEstimate#checkTraining()})
     */
    void prepareTraining() {
        if (trainStep == null) {
            graph.checkTraining();
            trainStep = executor.compile(new FunctionDefinition("train_step", trainingInputs(), (kernels, in) ->
                    trainBody(TapeOps.recording(kernels), StepInputs.of(in))));
        }
    }

    /** One training step on a checked batch: the batch's loss and the predictions made before the update. */
    StepOutput train(Batch batch) {
        prepareTraining();
        dropPlans();
        StepOutput out = StepOutput.of(trainStep.call(trainingArguments(batch, step, 0)));
        step++;
        return out;
    }

    /**
     * The gradients of the mean loss of {@code shard} — samples {@code firstSample ..} of the global batch of
     * training step {@code trainingStep} — with respect to every weight, with the shard's loss and predictions;
     * nothing is updated.
     */
    GradientsOutput gradients(Batch shard, long trainingStep, int firstSample) {
        if (gradientStep == null) {
            graph.checkTraining();
            gradientStep = executor.compile(new FunctionDefinition("gradient_step", trainingInputs(), (kernels, in) ->
                    gradientBody(TapeOps.recording(kernels), StepInputs.of(in))));
        }
        dropPlans();
        return GradientsOutput.of(gradientStep.call(trainingArguments(shard, trainingStep, firstSample)), stack);
    }

    /** Applies the optimizer's update for {@code gradients} (one per weight) and counts the step. */
    void applyGradients(ModelWeights gradients) {
        if (applyStep == null) {
            List<TensorSpec> specs = new ArrayList<>();
            for (Variable w : weights) {
                specs.add(new TensorSpec(w.name() + "/gradient", w.shape(), DataType.FLOAT32));
            }
            applyStep = executor.compile(new FunctionDefinition("apply_gradients", specs, (kernels, in) -> {
                TapeOps ops = TapeOps.inference(kernels);
                List<Assignment> assignments = update(ops, read(ops, weights), in);
                return new FunctionResult(List.of(assignments.get(assignments.size() - 1).value()), assignments);
            }));
        }
        dropPlans();
        applyStep.call(gradients.toList());
        step++;
    }

    private List<NdArray> trainingArguments(Batch batch, long trainingStep, int firstSample) {
        List<NdArray> inputs = new ArrayList<>(List.of(batch.x(), batch.y()));
        inputs.addAll(masks.draw(batch.size(), trainingStep, firstSample));
        return inputs;
    }

    /** The training steps taken so far: the step whose dropout masks the next training step draws. */
    long trainingSteps() {
        return step;
    }

    /** The loss and predictions of a checked batch, without training. */
    StepOutput test(Batch batch) {
        if (testStep == null) {
            testStep = executor.compile(new FunctionDefinition("test_step", List.of(x, y), (kernels, in) -> {
                TapeOps ops = TapeOps.inference(kernels);
                StepInputs inputs = StepInputs.of(in);
                Tensor yPred = stack.forward(ops, inputs.x(), read(ops, weights));
                return new FunctionResult(List.of(loss.compute(ops, inputs.y(), yPred), yPred), List.of());
            }));
        }
        return StepOutput.of(testStep.call(List.of(batch.x(), batch.y())));
    }

    /**
     * The outputs for a checked batch of at most {@code batchSize} samples: on the engine's inference plan for its
     * size, if it offers one. Plans are made for batches of up to {@code batchSize} (those for another batch size
     * are dropped first).
     */
    NdArray predict(NdArray x, int batchSize) {
        if (predictStep == null) {
            predictStep = executor.compile(stack.predictFunction("predict_step", weights));
        }
        if (plans != null && plans.largestBatch() != batchSize) {
            dropPlans();
        }
        if (plans == null) {
            plans = new InferencePlans(executor, stack, readWeights(), batchSize);
        }
        return plans.run(x, predictStep);
    }

    /**
     * Drops the inference plans, which hold copies of the weights: before a call that may change the weights, and
     * before plans for another largest batch size.
     */
    private void dropPlans() {
        if (plans != null) {
            plans.close();
            plans = null;
        }
    }

    ModelWeights readWeights() {
        return ModelWeights.of(stack, weights.stream().map(executor::read).toList(), "Weight");
    }

    /** Replaces all weights, all or nothing (see {@link #writeAll}). */
    void writeWeights(ModelWeights values) {
        dropPlans();
        writeAll(weights, values.toList());
    }

    /**
     * Writes {@code values} into {@code variables}, all or nothing: each value is checked against its variable
     * before any is written, and if the engine fails part-way the variables already written get their previous
     * values back before the failure is rethrown.
     */
    private void writeAll(List<Variable> variables, List<NdArray> values) {
        if (values.size() != variables.size()) {
            throw new IllegalArgumentException("Expected " + variables.size() + " arrays, got " + values.size());
        }
        for (int i = 0; i < variables.size(); i++) {
            variables.get(i).requireFits(values.get(i));
        }
        List<NdArray> previous = variables.stream().map(executor::read).toList();
        for (int i = 0; i < variables.size(); i++) {
            try {
                executor.write(variables.get(i), values.get(i));
            } catch (RuntimeException e) {
                try {
                    for (int j = 0; j < i; j++) {
                        executor.write(variables.get(j), previous.get(j));
                    }
                } catch (RuntimeException restoring) {
                    e.addSuppressed(restoring);
                }
                throw e;
            }
        }
    }

    Optimizer optimizer() {
        return optimizer;
    }

    /** The optimizer's state: every weight's slots, weight by weight, then the step counter (a scalar). */
    List<NdArray> readOptimizerState() {
        List<NdArray> state = new ArrayList<>();
        slots.forEach(weightSlots -> weightSlots.forEach(v -> state.add(executor.read(v))));
        state.add(executor.read(iterations));
        return state;
    }

    /** Restores what {@link #readOptimizerState()} returned, resuming the step count (and so the dropout masks). */
    void writeOptimizerState(List<NdArray> state) {
        List<Variable> variables = new ArrayList<>();
        slots.forEach(variables::addAll);
        variables.add(iterations);
        writeAll(variables, state);
        step = (long) state.get(state.size() - 1).item();
    }

    /** The shapes {@link #writeOptimizerState} takes, in order. */
    List<Shape> optimizerStateShapes() {
        List<Shape> shapes = new ArrayList<>();
        slots.forEach(weightSlots -> weightSlots.forEach(v -> shapes.add(v.shape())));
        shapes.add(iterations.shape());
        return shapes;
    }

    @Override
    public void close() {
        try {
            dropPlans();
        } finally {
            executor.close();
        }
    }

    /**
     * What a training or test step returns.
     *
     * @param loss        the batch's mean loss
     * @param predictions the model's outputs for the batch
     */
    record StepOutput(double loss, NdArray predictions) {
        static StepOutput of(List<NdArray> outputs) {
            return new StepOutput(outputs.get(0).item(), outputs.get(1));
        }
    }

    /**
     * What the first half of a data-parallel step returns.
     *
     * @param output    the shard's mean loss and predictions
     * @param gradients each weight's change (see {@link #changes})
     */
    record GradientsOutput(StepOutput output, ModelWeights gradients) {
        /** From the gradient function's outputs: loss, predictions, then one change per weight of {@code stack}. */
        static GradientsOutput of(List<NdArray> outputs, LayerStack stack) {
            return new GradientsOutput(StepOutput.of(outputs),
                    ModelWeights.of(stack, outputs.subList(2, outputs.size()), "Gradient of"));
        }
    }
}
