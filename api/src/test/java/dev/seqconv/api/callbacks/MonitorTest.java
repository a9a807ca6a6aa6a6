package dev.seqconv.api.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonitorTest {

    @Test
    void autoMaximisesAccuracyAndAucAndMinimisesTheRest() {
        assertThat(Monitor.of("val_acc").higherIsBetter()).isTrue();
        assertThat(Monitor.of("accuracy").higherIsBetter()).isTrue();
        assertThat(Monitor.of("val_auc").higherIsBetter()).isTrue();
        assertThat(Monitor.of("val_loss").higherIsBetter()).isFalse();
        assertThat(Monitor.of("mae").higherIsBetter()).isFalse();
        assertThat(new Monitor("val_acc", Monitor.Mode.MIN).higherIsBetter()).isFalse();
        assertThat(new Monitor("val_loss", Monitor.Mode.MAX).higherIsBetter()).isTrue();
    }

    @Test
    void improvementNeedsMoreThanMinDeltaAndTheFirstBestWins() {
        Monitor loss = Monitor.of("val_loss");
        assertThat(loss.improves(0.5, loss.worst(), 0)).isTrue();
        assertThat(loss.improves(0.45, 0.5, 0.1)).isFalse();
        assertThat(loss.improves(0.35, 0.5, 0.1)).isTrue();
        assertThat(loss.best(List.of(0.9, 0.4, 0.4, 0.6))).isEqualTo(1);
        assertThat(Monitor.of("val_acc").best(List.of(0.5, 0.8, 0.8, 0.7))).isEqualTo(1);
        assertThat(loss.best(List.of())).isEqualTo(-1);
    }

    @Test
    void aMissingFigureIsNamedWithTheOnesThereAre() {
        assertThatThrownBy(() -> Monitor.of("val_loss").value(new Logs(Map.of("loss", 1.0)), "EarlyStopping"))
                .hasMessageContaining("EarlyStopping monitors 'val_loss' but the epoch logs only [loss]");
    }
}
