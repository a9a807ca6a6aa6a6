package dev.seqconv.conformance;

import dev.seqconv.conformance.reference.RefArray;
import dev.seqconv.conformance.reference.ReferenceActivations;
import dev.seqconv.conformance.reference.ReferenceLayers;
import dev.seqconv.api.layers.ActivationLayer;
import dev.seqconv.api.layers.AveragePooling1D;
import dev.seqconv.api.layers.BatchNormalization;
import dev.seqconv.api.layers.Conv1D;
import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.Dropout;
import dev.seqconv.api.layers.Embedding;
import dev.seqconv.api.layers.Flatten;
import dev.seqconv.api.layers.GlobalAveragePooling1D;
import dev.seqconv.api.layers.GlobalMaxPooling1D;
import dev.seqconv.api.layers.Layer;
import dev.seqconv.api.layers.MaxPooling1D;
import dev.seqconv.api.layers.Padding;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.spi.Backend;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Each layer's forward output and its gradients with respect to the input and every weight, on the backend
 * under test, against the double-precision reference ({@link ReferenceLayers}, gradients by finite
 * differences): within {@link Tolerance#DEFAULT}. Also each layer's output shape and parameter count.
 */
public abstract class LayerConformanceSuite {

    /** The backend under test. */
    protected abstract Backend backend();

    private final SeededRandom random = new SeededRandom(2024);

    @Test
    void embeddingGathersRowsAndSumsGradientsOfRepeatedIds() {
        RefArray ids = RefArray.zeros(3, 4);
        int[] values = {0, 5, 2, 2, 5, 5, 1, 0, 3, 4, 2, 1};
        for (int i = 0; i < values.length; i++) {
            ids.setFlat(i, values[i]);
        }
        check(Embedding.of(6, 5), ids, true, in -> ReferenceLayers.embedding(in.get(0), in.get(1)), 30);
    }

    @Test
    void conv1dValidWithRelu() {
        check(Conv1D.of(4, 3, Activation.RELU), sequence(2, 9, 3),
                in -> ReferenceLayers.conv1d(in.get(0), in.get(1), in.get(2), 1, 1, "valid", ReferenceLayers.RELU), 40);
    }

    @Test
    void conv1dStridedWithTanhAndNoBias() {
        Conv1D layer = Conv1D.of(4, 3, Activation.TANH).withStrides(2).withUseBias(false);
        check(layer, sequence(2, 10, 3),
                in -> ReferenceLayers.conv1d(in.get(0), in.get(1), null, 2, 1, "valid", ReferenceLayers.TANH), 36);
    }

    @Test
    void conv1dDilatedAndCausal() {
        Conv1D layer = Conv1D.of(3, 3).withDilationRate(2).withPadding(Padding.CAUSAL);
        check(layer, sequence(2, 8, 2),
                in -> ReferenceLayers.conv1d(in.get(0), in.get(1), in.get(2), 1, 2, "causal", ReferenceLayers.LINEAR), 21);
    }

    @Test
    void conv1dSameWithStrideAndSigmoid() {
        Conv1D layer = Conv1D.of(2, 4, Activation.SIGMOID).withStrides(2).withPadding(Padding.SAME);
        check(layer, sequence(2, 7, 3),
                in -> ReferenceLayers.conv1d(in.get(0), in.get(1), in.get(2), 2, 1, "same", ReferenceLayers.SIGMOID), 26);
    }

    @Test
    void maxPooling1dWithDefaultStrides() {
        check(MaxPooling1D.of(2), sequence(2, 9, 3),
                in -> ReferenceLayers.maxPool1d(in.get(0), 2, 2, "valid"), 0);
    }

    @Test
    void maxPooling1dOverlappingWithSamePadding() {
        check(MaxPooling1D.of(3).withStrides(2).withPadding(Padding.SAME), sequence(2, 8, 3),
                in -> ReferenceLayers.maxPool1d(in.get(0), 3, 2, "same"), 0);
    }

    @Test
    void globalMaxPooling1d() {
        check(GlobalMaxPooling1D.of(), sequence(3, 6, 4), in -> ReferenceLayers.globalMaxPool1d(in.get(0)), 0);
    }

    @Test
    void averagePooling1dValidAndSame() {
        check(AveragePooling1D.of(2), sequence(2, 9, 3), in -> ReferenceLayers.avgPool1d(in.get(0), 2, 2, "valid"), 0);
        check(AveragePooling1D.of(3).withStrides(2).withPadding(Padding.SAME), sequence(2, 8, 3),
                in -> ReferenceLayers.avgPool1d(in.get(0), 3, 2, "same"), 0);
    }

    @Test
    void globalAveragePooling1d() {
        check(GlobalAveragePooling1D.of(), sequence(3, 5, 4), in -> ReferenceLayers.globalAvgPool1d(in.get(0)), 0);
    }

    @Test
    void flattenKeepsTheRowMajorOrder() {
        check(Flatten.of(), sequence(2, 3, 4), in -> ReferenceLayers.flatten(in.get(0)), 0);
    }

    @Test
    void dropoutMultipliesByItsMaskInTrainingOnly() {
        RefArray x = sequence(3, 4, 5);
        new LayerCheck(backend(), random).check(Dropout.of(0.4), x, false, true,
                in -> ReferenceLayers.dropout(in.get(0), in.get(1)), 0);
        check(Dropout.of(0.4), x, in -> in.get(0), 0);
    }

    @Test
    void denseOnFeatureVectorsWithSigmoid() {
        check(Dense.of(3, Activation.SIGMOID), RefArray.uniform(random, -1, 1, 4, 5),
                in -> ReferenceLayers.dense(in.get(0), in.get(1), in.get(2), ReferenceLayers.SIGMOID), 18);
    }

    @Test
    void denseOnSequencesActsOnTheLastAxis() {
        check(Dense.of(3), sequence(2, 4, 5),
                in -> ReferenceLayers.dense(in.get(0), in.get(1), in.get(2), ReferenceLayers.LINEAR), 18);
    }

    @Test
    void activationLayerAppliesItsFunctionToEveryEntry() {
        for (Activation a : List.of(Activation.TANH, Activation.SIGMOID, Activation.HARD_SIGMOID)) {
            check(ActivationLayer.of(a), sequence(2, 3, 4),
                    in -> ReferenceLayers.activation(in.get(0), ReferenceActivations.of(a)), 0);
        }
    }

    @Test
    void batchNormalizationAtInferenceUsesTheMovingStatistics() {
        check(BatchNormalization.of(), sequence(2, 5, 3), in -> ReferenceLayers.batchNormalization(in.get(0), -1,
                in.get(1), in.get(2), in.get(3), in.get(4), 0.001), 12);
        check(BatchNormalization.of().withAxis(1).withEpsilon(0.01).withCenter(false).withScale(false),
                sequence(2, 5, 3), in -> ReferenceLayers.batchNormalization(in.get(0), 1, null, null, in.get(1),
                        in.get(2), 0.01), 10);
    }

    @Test
    void batchNormalizationInTrainingUsesTheBatchStatisticsOnSequencesAndFeatureVectors() {
        RefArray x = sequence(3, 4, 3);
        new LayerCheck(backend(), random).check(BatchNormalization.of(), x, false, true, in -> {
            RefArray[] moments = ReferenceLayers.moments(in.get(0), -1);
            return ReferenceLayers.batchNormalization(in.get(0), -1, in.get(1), in.get(2), moments[0], moments[1],
                    0.001);
        }, 12);
        new LayerCheck(backend(), random).check(BatchNormalization.of().withAxis(-2).withCenter(false), x, false, true,
                in -> {
                    RefArray[] moments = ReferenceLayers.moments(in.get(0), 1);
                    return ReferenceLayers.batchNormalization(in.get(0), 1, in.get(1), null, moments[0], moments[1],
                            0.001);
                }, 12);
        new LayerCheck(backend(), random).check(BatchNormalization.of().withScale(false).withEpsilon(0.1),
                RefArray.uniform(random, -1, 1, 6, 4), false, true, in -> {
                    RefArray[] moments = ReferenceLayers.moments(in.get(0), -1);
                    return ReferenceLayers.batchNormalization(in.get(0), -1, null, in.get(1), moments[0], moments[1],
                            0.1);
                }, 12);
    }

    private RefArray sequence(int batch, int time, int features) {
        return RefArray.uniform(random, -1, 1, batch, time, features);
    }

    private void check(Layer layer, RefArray x, Function<List<RefArray>, RefArray> reference, long expectedParameters) {
        check(layer, x, false, reference, expectedParameters);
    }

    private void check(Layer layer, RefArray x, boolean ids, Function<List<RefArray>, RefArray> reference,
                       long expectedParameters) {
        new LayerCheck(backend(), random).check(layer, x, ids, false, reference, expectedParameters);
    }
}
