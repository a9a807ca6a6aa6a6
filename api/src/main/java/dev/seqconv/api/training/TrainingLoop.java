package dev.seqconv.api.training;

import dev.seqconv.api.callbacks.Callback;
import dev.seqconv.api.callbacks.History;
import dev.seqconv.api.callbacks.Logs;
import dev.seqconv.api.callbacks.TrainingRun;
import dev.seqconv.api.data.Batch;
import dev.seqconv.api.data.BatchSource;
import dev.seqconv.api.data.Prefetcher;
import dev.seqconv.api.metrics.Metric;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.network.DataChecks;
import dev.seqconv.api.network.LayerStack;
import dev.seqconv.api.network.MemoryEstimate;
import dev.seqconv.api.network.ModelWeights;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Keras's {@code fit} and {@code evaluate} loops, written once for every engine: batches in, steps on the
 * engine, figures averaged per sample, callbacks told at each event.
 */
final class TrainingLoop {

    /** Batches prepared ahead of the step being run, as Keras's default {@code max_queue_size} of 10. */
    private static final int PREFETCHED_BATCHES = 10;

    private final CompiledModel model;
    private final DataChecks checks;
    private final MemoryEstimate memory;
    private final Checkpoints checkpoints;

    TrainingLoop(CompiledModel model, LayerStack stack, DataChecks checks, Checkpoints checkpoints) {
        this.model = model;
        this.checks = checks;
        this.memory = new MemoryEstimate(stack);
        this.checkpoints = checkpoints;
    }

    /**
     * Trains epochs {@code initialEpoch .. epochs−1} on batches from {@code train}, each step on the engine.
     * A callback may stop training after any batch; a loss that is not finite ends training with an error unless a
     * callback (such as {@code TerminateOnNaN}) stops it first.
     */
    History fit(BatchSource train, BatchSource validation, int initialEpoch, int epochs, List<Callback> userCallbacks) {
        requireBatches(train, "training");
        model.prepareTraining();
        return fit(localSteps(train), validation, initialEpoch, epochs, userCallbacks);
    }

    /** Trains as {@link #fit(BatchSource, BatchSource, int, int, List)}, with gradients computed elsewhere. */
    History fit(GradientSteps train, BatchSource validation, int initialEpoch, int epochs, List<Callback> userCallbacks) {
        if (train.stepsPerEpoch() <= 0) {
            throw new IllegalArgumentException("The training steps give " + train.stepsPerEpoch() + " steps an epoch, "
                    + "so there is nothing to train: stepsPerEpoch() must be at least 1");
        }
        return fit(remoteSteps(train), validation, initialEpoch, epochs, userCallbacks);
    }

    private History fit(Steps train, BatchSource validation, int initialEpoch, int epochs, List<Callback> userCallbacks) {
        if (validation != null) {
            requireBatches(validation, "validation");
        }
        History history = new History();
        List<Callback> callbacks = new ArrayList<>();
        callbacks.add(history);
        callbacks.addAll(userCallbacks);
        Run run = new Run(epochs, train.stepsPerEpoch(), model, checkpoints, train.weightsReplaced());
        callbacks.forEach(c -> c.onTrainBegin(run));
        Logs last = new Logs(Map.of());
        for (int epoch = initialEpoch; epoch < epochs && !run.stopRequested; epoch++) {
            int e = epoch;
            callbacks.forEach(c -> c.onEpochBegin(e));
            Logs.Means averages = new Logs.Means();
            try (EpochSteps steps = train.epoch().apply(epoch)) {
                for (int step = 0; step < run.stepsPerEpoch && !run.stopRequested; step++) {
                    int s = step;
                    callbacks.forEach(c -> c.onTrainBatchBegin(s));
                    StepFigures out = steps.next(step);
                    averages.add(out.figures(), out.samples());
                    Logs running = averages.logs();
                    callbacks.forEach(c -> c.onTrainBatchEnd(s, running));
                    double loss = out.figures().get("loss");
                    if (!Double.isFinite(loss) && !run.stopRequested) {
                        throw new IllegalStateException("Training diverged: the loss of epoch " + (epoch + 1)
                                + ", batch " + (step + 1) + " is " + loss + " (inputs and targets were checked "
                                + "finite). Lower the learning rate, check the scale of the targets, or use a loss "
                                + "that suits the outputs; add TerminateOnNaN to stop quietly instead");
                    }
                }
            }
            Logs logs = averages.logs();
            if (validation != null) {
                logs = logs.with("val_", evaluate(validation));
            }
            last = logs;
            Logs epochLogs = logs;
            callbacks.forEach(c -> c.onEpochEnd(e, epochLogs));
        }
        Logs finalLogs = last;
        callbacks.forEach(c -> c.onTrainEnd(finalLogs));
        return history;
    }

    Logs evaluate(BatchSource data) {
        requireBatches(data, "evaluation");
        Logs.Means averages = new Logs.Means();
        try (Prefetcher<Batch> batches = prefetch(data, 0, false)) {
            while (batches.hasNext()) {
                Batch batch = batches.next();
                averages.add(figures(batch, model.test(batch)), batch.size());
            }
        }
        return averages.logs();
    }

    /** Refuses a source without batches, which would train nothing or give no figures without a word. */
    private static void requireBatches(BatchSource source, String role) {
        if (source.stepsPerEpoch() <= 0) {
            throw new IllegalArgumentException("The " + role + " data yields " + source.stepsPerEpoch() + " batches an "
                    + "epoch, so there is nothing to compute: its stepsPerEpoch() must be at least 1");
        }
    }

    private Batch checked(Batch batch, boolean training) {
        memory.check(batch.size(), training);
        return checks.checked(batch, " of a batch", model.loss());
    }

    /** A step's figures: the batch's mean loss, then each metric's mean over the batch. */
    static Logs figures(Batch batch, CompiledModel.StepOutput out, List<Metric> metrics) {
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("loss", out.loss());
        for (Metric metric : metrics) {
            double sum = 0;
            for (double v : metric.perSample(batch.y(), out.predictions())) {
                sum += v;
            }
            figures.put(metric.name(), sum / batch.size());
        }
        return new Logs(figures);
    }

    private Logs figures(Batch batch, CompiledModel.StepOutput out) {
        return figures(batch, out, model.metrics());
    }

    /** The epoch's batches, checked and prepared on a background thread while the engine runs. */
    private Prefetcher<Batch> prefetch(BatchSource source, int epoch, boolean training) {
        return new Prefetcher<>(source.epoch(epoch), source.stepsPerEpoch(), PREFETCHED_BATCHES,
                batch -> checked(batch, training));
    }

    /**
     * Where an epoch's training steps come from.
     *
     * @param stepsPerEpoch   the steps of an epoch
     * @param epoch           the steps of epoch {@code e}, opened at its start and closed at its end
     * @param weightsReplaced told when a callback replaces the model's weights, so that steps taken ahead from
     *                        the weights before are not used
     */
    private record Steps(int stepsPerEpoch, IntFunction<EpochSteps> epoch, Runnable weightsReplaced) {

        Steps(int stepsPerEpoch, IntFunction<EpochSteps> epoch) {
            this(stepsPerEpoch, epoch, () -> { });
        }
    }

    /** The training steps of one epoch, taken in order; each returns its batch's figures. */
    private interface EpochSteps extends AutoCloseable {
        StepFigures next(int step);

        @Override
        default void close() {
        }
    }

    /** Steps on batches read here, each trained by one call of the engine. */
    private Steps localSteps(BatchSource source) {
        return new Steps(source.stepsPerEpoch(), epoch -> {
            Prefetcher<Batch> batches = prefetch(source, epoch, true);
            return new EpochSteps() {
                @Override
                public StepFigures next(int step) {
                    Batch batch = batches.next();
                    return new StepFigures(batch.size(), figures(batch, model.train(batch)));
                }

                @Override
                public void close() {
                    batches.close();
                }
            };
        });
    }

    /**
     * Trains as {@link #fit(BatchSource, BatchSource, int, int, List)}, with segments of steps run elsewhere: the
     * model takes on the state a segment ends each epoch in at that epoch's first step, then the callbacks hear of
     * the epoch's steps one by one and its end, as if the epoch had run here. A callback that stops training takes
     * effect at the end of the segment's part in the epoch in progress: the model keeps that epoch's end state and
     * the later epochs the segment ran are dropped, as are those after a callback replaces the weights.
     */
    History fit(GradientSegments train, BatchSource validation, int initialEpoch, int epochs,
                List<Callback> userCallbacks) {
        if (train.stepsPerEpoch() <= 0 || train.segmentSteps() <= 0 || train.segmentEpochs() <= 0) {
            throw new IllegalArgumentException("The training segments give " + train.stepsPerEpoch() + " steps an "
                    + "epoch in segments of " + train.segmentSteps() + " steps and " + train.segmentEpochs()
                    + " epochs: all must be at least 1");
        }
        if (train.segmentEpochs() > 1 && train.segmentSteps() < train.stepsPerEpoch()) {
            throw new IllegalArgumentException("Segments of " + train.segmentEpochs() + " epochs must be whole epochs "
                    + "of " + train.stepsPerEpoch() + " steps, but segmentSteps() is " + train.segmentSteps()
                    + ": split epochs or join them, not both");
        }
        return fit(segmentedSteps(train, epochs), validation, initialEpoch, epochs, userCallbacks);
    }

    /**
     * Steps run elsewhere in segments, each epoch's end state taken on here; a segment of several epochs keeps the
     * parts of the epochs after the one in progress until their turn.
     */
    private Steps segmentedSteps(GradientSegments source, int epochs) {
        int stepsPerEpoch = source.stepsPerEpoch();
        Map<Integer, GradientSegments.Segment> ranAhead = new HashMap<>();
        return new Steps(stepsPerEpoch, epoch -> {
            Deque<StepFigures> pending = new ArrayDeque<>();
            return step -> {
                if (pending.isEmpty()) {
                    GradientSegments.Segment part = ranAhead.remove(epoch);
                    if (part == null) {
                        int span = Math.min(source.segmentEpochs(), epochs - epoch);
                        int count = span > 1 ? stepsPerEpoch : Math.min(source.segmentSteps(), stepsPerEpoch - step);
                        List<GradientSegments.Segment> parts = source.run(epoch, span, step, count,
                                new TrainingState(model.readWeights(), model.readOptimizerState()));
                        requireParts(parts, span, count);
                        part = parts.get(0);
                        for (int later = 1; later < span; later++) {
                            ranAhead.put(epoch + later, parts.get(later));
                        }
                    }
                    model.writeWeights(part.end().weights());
                    model.writeOptimizerState(part.end().optimizerState());
                    pending.addAll(part.steps());
                }
                return pending.poll();
            };
        }, ranAhead::clear);
    }

    private static void requireParts(List<GradientSegments.Segment> parts, int epochs, int count) {
        if (parts.size() != epochs) {
            throw new IllegalStateException("A segment of " + epochs + " epochs reported " + parts.size()
                    + " epochs' parts");
        }
        for (GradientSegments.Segment part : parts) {
            if (part.steps().size() != count) {
                throw new IllegalStateException("A segment of " + count + " steps an epoch reported "
                        + part.steps().size() + " steps' figures");
            }
        }
    }

    /** Steps whose gradients come from elsewhere, applied to this model's weights here. */
    private Steps remoteSteps(GradientSteps source) {
        return new Steps(source.stepsPerEpoch(), epoch -> step -> {
            ShardGradients combined = source.compute(epoch, step, model.trainingSteps(), model.readWeights());
            model.applyGradients(combined.gradients());
            return new StepFigures(combined.samples(), combined.figures());
        });
    }

    private static final class Run implements TrainingRun {
        private final int epochs;
        private final int stepsPerEpoch;
        private final CompiledModel model;
        private final Checkpoints checkpoints;
        private final Runnable weightsReplaced;
        private boolean stopRequested;

        Run(int epochs, int stepsPerEpoch, CompiledModel model, Checkpoints checkpoints, Runnable weightsReplaced) {
            this.epochs = epochs;
            this.stepsPerEpoch = stepsPerEpoch;
            this.model = model;
            this.checkpoints = checkpoints;
            this.weightsReplaced = weightsReplaced;
        }

        @Override
        public void saveCheckpoint(Path file, int epoch) {
            checkpoints.save(model, file, epoch);
        }

        @Override
        public List<NdArray> weights() {
            return model.readWeights().toList();
        }

        @Override
        public void setWeights(List<NdArray> weights) {
            model.writeWeights(ModelWeights.of(model.stack(), weights, "Weight"));
            weightsReplaced.run();
        }

        @Override
        public int epochs() {
            return epochs;
        }

        @Override
        public int stepsPerEpoch() {
            return stepsPerEpoch;
        }

        @Override
        public void stopTraining() {
            stopRequested = true;
        }
    }
}
