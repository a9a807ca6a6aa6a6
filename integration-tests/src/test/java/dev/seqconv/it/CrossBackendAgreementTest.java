package dev.seqconv.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.callbacks.History;
import dev.seqconv.api.data.Batch;
import dev.seqconv.api.data.BatchSource;
import dev.seqconv.api.losses.BinaryCrossentropy;
import dev.seqconv.api.losses.MeanAbsoluteError;
import dev.seqconv.api.metrics.BinaryAccuracy;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.api.training.FitConfig;
import dev.seqconv.models.ImdbNetworks;
import dev.seqconv.models.JenaNetworks;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The chapter's IMDB and Jena Conv1D+GRU networks trained on ND4J and on TensorFlow from the same seed and data:
 * the same numbers, step for step.
 */
class CrossBackendAgreementTest {

    private static final List<String> BACKENDS = List.of("nd4j", "tensorflow");

    /** What one backend produced. */
    private record Run(List<Double> losses, List<NdArray> weights) {
    }

    @Test
    void oneImdbTrainingStepGivesTheSameLossAndWeights() {
        Batch data = SyntheticTokens.random(128, ImdbNetworks.MAX_LEN, ImdbNetworks.MAX_FEATURES, 17);
        assertSameStep("IMDB", BACKENDS.stream().map(id -> train(imdb(id), List.of(data))).toList());
    }

    @Test
    void oneJenaConvGruStepWithDropoutGivesTheSameLossAndWeights() {
        Batch data = SyntheticSeries.waves(128, 240, 5);
        assertSameStep("Jena Conv1D+GRU", BACKENDS.stream().map(id -> {
            try (Sequential model = JenaNetworks.conv1dGru(240, true, 11)) {
                model.compile(Backends.get(id), new RMSprop(), new MeanAbsoluteError());
                History history = model.fit(data.x(), data.y(), FitConfig.builder().batchSize(128).build());
                return new Run(history.get("loss"), model.getWeights());
            }
        }).toList());
    }

    private static void assertSameStep(String network, List<Run> runs) {
        assertThat(runs.get(1).losses().get(0)).isCloseTo(runs.get(0).losses().get(0),
                org.assertj.core.data.Offset.offset(1e-5));
        for (int w = 0; w < runs.get(0).weights().size(); w++) {
            float[] nd4j = runs.get(0).weights().get(w).toFloatArray();
            float[] tf = runs.get(1).weights().get(w).toFloatArray();
            double worst = 0;
            for (int i = 0; i < nd4j.length; i++) {
                worst = Math.max(worst, Math.abs(nd4j[i] - tf[i]));
            }
            System.out.printf("one %s step: weight %d differs by at most %.3g between backends%n", network, w, worst);
            assertThat(worst).as("largest difference in weight %d", w).isLessThanOrEqualTo(1e-5);
        }
    }

    @Test
    void fiftyStepsGiveTheSameLossCurve() {
        List<Batch> batches = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> SyntheticTokens.random(32, ImdbNetworks.MAX_LEN, ImdbNetworks.MAX_FEATURES, 100 + i))
                .toList();
        assertSameCurve("IMDB", BACKENDS.stream().map(id -> train(imdb(id), batches)).toList());
    }

    /** With dropout on both the inputs and the state, ND4J's fused GRU against TensorFlow's unrolled one. */
    @Test
    void fortyJenaConvGruStepsGiveTheSameLossCurve() {
        List<Batch> batches = java.util.stream.IntStream.range(0, 40)
                .mapToObj(i -> SyntheticSeries.waves(32, 240, 200 + i)).toList();
        assertSameCurve("Jena Conv1D+GRU", BACKENDS.stream().map(id -> {
            Sequential model = JenaNetworks.conv1dGru(240, true, 11);
            model.compile(Backends.get(id), new RMSprop(), new MeanAbsoluteError());
            return train(model, batches);
        }).toList());
    }

    private static void assertSameCurve(String network, List<Run> runs) {
        List<Double> nd4j = runs.get(0).losses();
        List<Double> tf = runs.get(1).losses();
        double worst = 0;
        for (int step = 0; step < nd4j.size(); step++) {
            worst = Math.max(worst, Math.abs(nd4j.get(step) - tf.get(step)));
        }
        System.out.printf("%d %s steps: losses differ by at most %.3g between backends (last loss %.5f)%n",
                nd4j.size(), network, worst, nd4j.get(nd4j.size() - 1));
        for (int step = 0; step < nd4j.size(); step++) {
            assertThat(tf.get(step)).as("loss of step %d", step + 1).isCloseTo(nd4j.get(step),
                    org.assertj.core.data.Offset.offset(1e-3));
        }
    }

    private static Sequential imdb(String backend) {
        Sequential model = ImdbNetworks.conv1d(ImdbNetworks.MAX_FEATURES, ImdbNetworks.MAX_LEN, 42);
        model.compile(Backends.get(backend), new RMSprop(1e-4f), new BinaryCrossentropy(), new BinaryAccuracy());
        return model;
    }

    /** Trains a compiled model one batch per epoch, so that the history holds the loss of every step; closes it. */
    private static Run train(Sequential compiled, List<Batch> batches) {
        try (Sequential model = compiled) {
            History history = model.fit(singleBatches(batches), FitConfig.builder().epochs(batches.size()).build());
            return new Run(history.get("loss"), model.getWeights());
        }
    }

    /** Epoch {@code e} is the single batch {@code batches[e]}. */
    private static BatchSource singleBatches(List<Batch> batches) {
        return BatchSource.of(1, epoch -> List.of(batches.get(epoch)).iterator());
    }
}
