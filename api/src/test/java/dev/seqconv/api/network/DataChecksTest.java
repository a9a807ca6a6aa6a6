package dev.seqconv.api.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.losses.BinaryCrossentropy;
import dev.seqconv.api.losses.MeanSquaredError;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the data checks accept as Keras does, and say so. */
class DataChecksTest {

    private final List<String> warnings = new ArrayList<>();
    private final Logger logger = Logger.getLogger(DataChecks.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            warnings.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(capture);
    }

    private static DataChecks checks() {
        return new DataChecks(new LayerStack(Input.floats(3), List.of(Dense.of(1, Activation.SIGMOID))));
    }

    @Test
    void binaryCrossentropyTakesTargetsOutsideZeroToOneAsKerasDoesAndWarnsOnce() {
        DataChecks checks = checks();
        NdArray labels = NdArray.ofFloats(Shape.of(4), new float[] {0, 1, 7, -1});
        NdArray conformed = checks.conformTargets(labels, 4, new BinaryCrossentropy());
        assertThat(conformed.toFloatArray()).containsExactly(0, 1, 7, -1);
        assertThat(warnings).singleElement().asString().contains("The target of sample 2 is 7.0, outside [0, 1]",
                "binary_crossentropy takes labels 0 and 1", "Keras trains on such targets as given",
                "SparseCategoricalCrossentropy");
        checks.conformTargets(labels, 4, new BinaryCrossentropy());
        assertThat(warnings).hasSize(1);
    }

    @Test
    void labelsAndProbabilitiesAndOtherLossesGiveNoWarning() {
        DataChecks checks = checks();
        checks.conformTargets(NdArray.ofFloats(Shape.of(3), new float[] {0, 1, 0.25f}), 3, new BinaryCrossentropy());
        checks.conformTargets(NdArray.ofFloats(Shape.of(2), new float[] {7, -1}), 2, new MeanSquaredError());
        assertThat(warnings).isEmpty();
    }
}
