package dev.seqconv.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.callbacks.History;
import dev.seqconv.api.data.Batch;
import dev.seqconv.api.losses.MeanAbsoluteError;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.api.training.FitConfig;
import dev.seqconv.models.JenaNetworks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chapter's Conv1D + GRU network (dropout 0.1, recurrent dropout 0.5), defined with the api only, learns on
 * each backend to forecast a wave better than "the last value".
 */
class JenaConvGruTest {

    @ParameterizedTest
    @ValueSource(strings = {"nd4j", "tensorflow"})
    void convGruForecastsBetterThanTheLastValue(String backend) {
        Batch train = SyntheticSeries.waves(512, 240, 1);
        Batch test = SyntheticSeries.waves(256, 240, 2);
        double baseline = SyntheticSeries.lastValueMae(test);
        try (Sequential model = JenaNetworks.conv1dGru(240, true, 3)) {
            model.compile(Backends.get(backend), new RMSprop(), new MeanAbsoluteError());
            long start = System.nanoTime();
            History history = model.fit(train.x(), train.y(), FitConfig.builder().epochs(6).batchSize(64).build());
            double mae = model.evaluate(test.x(), test.y(), 128).get("loss");
            System.out.printf("%s: Conv1D+GRU on waves, loss %s, test MAE %.4f vs last value %.4f (%.1f s)%n", backend,
                    history.get("loss"), mae, baseline, (System.nanoTime() - start) / 1e9);
            assertThat(mae).isLessThan(0.5 * baseline);
        }
    }
}
