package dev.seqconv.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link ExchangeChoice}: the automatic exchange is barrier segments where all shards run at once and an epoch is
 * long enough, in local mode as in executor JVMs, else the driver gather; a named one is kept.
 */
class ExchangeChoiceTest {

    private static final int LONG_ENOUGH = ExchangeChoice.MIN_SEGMENT_STEPS;

    @Test
    void shardsThatRunAtOnceInEpochsLongEnoughExchangeInBarrierSegments() {
        ExchangeChoice choice = ExchangeChoice.automatic(false, 4, 4, 25);
        assertThat(choice.exchange()).isEqualTo(GradientExchange.BARRIER_SEGMENTS);
        assertThat(choice).hasToString("BARRIER_SEGMENTS (4 tasks in executor JVMs, epochs of 25 steps: the tasks' "
                + "own exchange saves a Spark job, a broadcast and a collect a step)");
        assertThat(ExchangeChoice.automatic(true, 1, 1, LONG_ENOUGH).exchange())
                .isEqualTo(GradientExchange.BARRIER_SEGMENTS);
        assertThat(ExchangeChoice.automatic(true, 2, 8, LONG_ENOUGH).reason()).contains("local mode");
    }

    @Test
    void moreShardsThanTaskSlotsAreGatheredByTheDriver() {
        for (boolean localMode : new boolean[] {true, false}) {
            ExchangeChoice choice = ExchangeChoice.automatic(localMode, 8, 4, 1000);
            assertThat(choice.exchange()).isEqualTo(GradientExchange.DRIVER_GATHER);
            assertThat(choice.reason()).contains("8 shards").contains("4 tasks at once");
        }
    }

    @Test
    void epochsTooShortForASegmentsStartAreGatheredByTheDriver() {
        for (boolean localMode : new boolean[] {true, false}) {
            ExchangeChoice choice = ExchangeChoice.automatic(localMode, 2, 2, LONG_ENOUGH - 1);
            assertThat(choice.exchange()).isEqualTo(GradientExchange.DRIVER_GATHER);
            assertThat(choice.reason()).contains("epochs of " + (LONG_ENOUGH - 1) + " steps");
        }
    }

    @Test
    void aNamedExchangeIsKept() {
        for (GradientExchange exchange : GradientExchange.values()) {
            assertThat(ExchangeChoice.named(exchange).exchange()).isEqualTo(exchange);
        }
    }
}
