package dev.seqconv.api.model;

import dev.seqconv.api.callbacks.Callback;
import dev.seqconv.api.callbacks.History;
import dev.seqconv.api.callbacks.Logs;
import dev.seqconv.api.callbacks.TrainingRun;
import dev.seqconv.api.data.Batch;
import dev.seqconv.api.data.BatchSource;
import dev.seqconv.api.data.Prefetcher;
import dev.seqconv.api.metrics.Metric;
import dev.seqconv.api.ndarray.NdArray;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
     * Trains epochs {@code initialEpoch .. epochs−1}. A callback may stop training after any batch; a loss that is
     * not finite ends training with an error unless a callback (such as {@code TerminateOnNaN}) stops it first.
     */
    History fit(BatchSource train, BatchSource validation, int initialEpoch, int epochs, List<Callback> userCallbacks) {
        requireBatches(train, "training");
        if (validation != null) {
            requireBatches(validation, "validation");
        }
        History history = new History();
        List<Callback> callbacks = new ArrayList<>();
        callbacks.add(history);
        callbacks.addAll(userCallbacks);
        Run run = new Run(epochs, train.stepsPerEpoch(), model, checkpoints);
        callbacks.forEach(c -> c.onTrainBegin(run));
        Logs last = new Logs(Map.of());
        for (int epoch = initialEpoch; epoch < epochs && !run.stopRequested; epoch++) {
            int e = epoch;
            callbacks.forEach(c -> c.onEpochBegin(e));
            Averages averages = new Averages();
            try (Prefetcher<Batch> batches = prefetch(train, epoch, true)) {
                for (int step = 0; step < run.stepsPerEpoch && !run.stopRequested; step++) {
                    int s = step;
                    callbacks.forEach(c -> c.onTrainBatchBegin(s));
                    Batch batch = batches.next();
                    CompiledModel.StepOutput out = model.train(batch);
                    averages.add("loss", out.loss(), batch.size());
                    addMetrics(averages, batch, out);
                    Logs running = averages.logs();
                    callbacks.forEach(c -> c.onTrainBatchEnd(s, running));
                    if (!Double.isFinite(out.loss()) && !run.stopRequested) {
                        throw new IllegalStateException("Training diverged: the loss of epoch " + (epoch + 1)
                                + ", batch " + (step + 1) + " is " + out.loss() + " (inputs and targets were checked "
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
        Averages averages = new Averages();
        try (Prefetcher<Batch> batches = prefetch(data, 0, false)) {
            while (batches.hasNext()) {
                Batch batch = batches.next();
                CompiledModel.StepOutput out = model.test(batch);
                averages.add("loss", out.loss(), batch.size());
                addMetrics(averages, batch, out);
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
        checks.checkInputs(batch.x(), " of a batch");
        return new Batch(batch.x(), checks.conformTargets(batch.y(), batch.size(), " of a batch", model.loss()));
    }

    private void addMetrics(Averages averages, Batch batch, CompiledModel.StepOutput out) {
        for (Metric metric : model.metrics()) {
            double sum = 0;
            for (double v : metric.perSample(batch.y(), out.predictions())) {
                sum += v;
            }
            averages.add(metric.name(), sum / batch.size(), batch.size());
        }
    }

    /** The epoch's batches, checked and prepared on a background thread while the engine runs. */
    private Prefetcher<Batch> prefetch(BatchSource source, int epoch, boolean training) {
        return new Prefetcher<>(source.epoch(epoch), source.stepsPerEpoch(), PREFETCHED_BATCHES,
                batch -> checked(batch, training));
    }

    /** Sample-weighted running means, as Keras's {@code Mean} metrics with the batch size as weight. */
    private static final class Averages {
        private final Map<String, double[]> sums = new LinkedHashMap<>();

        void add(String key, double batchMean, int samples) {
            double[] s = sums.computeIfAbsent(key, k -> new double[2]);
            s[0] += batchMean * samples;
            s[1] += samples;
        }

        Logs logs() {
            Map<String, Double> values = new LinkedHashMap<>();
            sums.forEach((k, s) -> values.put(k, s[0] / s[1]));
            return new Logs(values);
        }
    }

    private static final class Run implements TrainingRun {
        private final int epochs;
        private final int stepsPerEpoch;
        private final CompiledModel model;
        private final Checkpoints checkpoints;
        private boolean stopRequested;

        Run(int epochs, int stepsPerEpoch, CompiledModel model, Checkpoints checkpoints) {
            this.epochs = epochs;
            this.stepsPerEpoch = stepsPerEpoch;
            this.model = model;
            this.checkpoints = checkpoints;
        }

        @Override
        public void saveCheckpoint(Path file, int epoch) {
            checkpoints.save(model, file, epoch);
        }

        @Override
        public List<NdArray> weights() {
            return model.readWeights();
        }

        @Override
        public void setWeights(List<NdArray> weights) {
            model.writeWeights(weights);
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
