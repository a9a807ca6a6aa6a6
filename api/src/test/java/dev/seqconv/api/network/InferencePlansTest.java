package dev.seqconv.api.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Variable;
import dev.seqconv.api.spi.CompiledFunction;
import dev.seqconv.api.spi.Executor;
import dev.seqconv.api.spi.FunctionDefinition;
import dev.seqconv.api.spi.InferencePlan;
import dev.seqconv.api.spi.PlannedLayer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link InferencePlans} over an engine whose plans compute each row alone, as real plans do, and take exactly their
 * batch size: a batch of any size answers exactly as the composed function on the unpadded batch, and batches of
 * every size from 1 to 64 make twelve plans, once.
 */
class InferencePlansTest {

    private static final int FEATURES = 3;
    private static final int LARGEST = 64;

    /** Each row's answer from that row alone: a weighted sum, then a square root, so that rounding shows. */
    private static NdArray rowwise(NdArray x) {
        float[] values = x.toFloatArray();
        float[] out = new float[x.length()];
        for (int i = 0; i < values.length; i++) {
            out[i / FEATURES] += values[i] * (1 + i % FEATURES) / 7f;
        }
        for (int row = 0; row < out.length; row++) {
            out[row] = (float) Math.sqrt(Math.abs(out[row]));
        }
        return NdArray.wrapFloats(Shape.of(x.length(), 1), out);
    }

    /**
     * An engine with plans of {@link #rowwise} that refuse any other batch size (or, where it cannot plan, none),
     * recording the sizes asked for.
     */
    private static final class PlanningEngine implements Executor {
        final List<Integer> planned = new ArrayList<>();
        final boolean canPlan;
        int closedPlans;

        PlanningEngine(boolean canPlan) {
            this.canPlan = canPlan;
        }

        @Override
        public Optional<InferencePlan> plan(List<PlannedLayer> layers, int batchSize) {
            planned.add(batchSize);
            if (!canPlan) {
                return Optional.empty();
            }
            return Optional.of(new InferencePlan() {
                @Override
                public int batchSize() {
                    return batchSize;
                }

                @Override
                public NdArray run(NdArray x) {
                    assertThat(x.length()).as("rows given to a plan for %d", batchSize).isEqualTo(batchSize);
                    return rowwise(x);
                }

                @Override
                public void close() {
                    closedPlans++;
                }
            });
        }

        @Override
        public Variable createVariable(String name, NdArray initialValue) {
            throw new UnsupportedOperationException("not used by inference plans");
        }

        @Override
        public NdArray read(Variable variable) {
            throw new UnsupportedOperationException("not used by inference plans");
        }

        @Override
        public void write(Variable variable, NdArray value) {
            throw new UnsupportedOperationException("not used by inference plans");
        }

        @Override
        public CompiledFunction compile(FunctionDefinition definition) {
            throw new UnsupportedOperationException("not used by inference plans");
        }

        @Override
        public void close() {
        }
    }

    /** The composed prediction function: the same rows, unpadded. */
    private static final CompiledFunction COMPOSED = inputs -> List.of(rowwise(inputs.get(0)));

    private static NdArray samples(int count) {
        float[] values = new float[count * FEATURES];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(i * 0.37) * 100 + i;
        }
        return NdArray.wrapFloats(Shape.of(count, FEATURES), values);
    }

    private static Sequential model() {
        return Sequential.builder().name("plans").input(Input.floats(FEATURES)).add(Dense.of(1)).seed(1).build();
    }

    @Test
    void aPaddedBatchAnswersExactlyAsTheUnpaddedOneAndBatchesOfEverySizeMakeTwelvePlansOnce() {
        PlanningEngine engine = new PlanningEngine(true);
        try (Sequential model = model();
             InferencePlans plans = new InferencePlans(engine, model.stack(), model.weights(), LARGEST)) {
            NdArray pool = samples(LARGEST);
            for (int round = 0; round < 2; round++) {
                for (int n = 1; n <= LARGEST; n++) {
                    NdArray x = pool.rows(LARGEST - n, LARGEST);
                    assertThat(plans.run(x, COMPOSED).toFloatArray()).as("batch of %d", n)
                            .containsExactly(rowwise(x).toFloatArray());
                }
            }
            assertThat(engine.planned).containsExactly(1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64);
            assertThat(engine.closedPlans).isZero();
        }
        assertThat(engine.closedPlans).isEqualTo(12);
    }

    @Test
    void requestsRunAsOneBatchAnswerAsTheirRowsConcatenated() {
        PlanningEngine engine = new PlanningEngine(true);
        try (Sequential model = model();
             InferencePlans plans = new InferencePlans(engine, model.stack(), model.weights(), LARGEST)) {
            NdArray pool = samples(11);
            NdArray out = plans.run(List.of(pool.rows(0, 1), pool.rows(1, 6), pool.rows(6, 11)), COMPOSED);
            assertThat(out.shape()).isEqualTo(Shape.of(11, 1));
            assertThat(out.toFloatArray()).containsExactly(rowwise(pool).toFloatArray());
            assertThat(engine.planned).containsExactly(12);
        }
    }

    @Test
    void withoutAPlanABatchRunsUnpaddedOnTheComposedFunction() {
        PlanningEngine unplanned = new PlanningEngine(false);
        List<Integer> composedRows = new ArrayList<>();
        CompiledFunction composed = inputs -> {
            composedRows.add(inputs.get(0).length());
            return COMPOSED.call(inputs);
        };
        try (Sequential model = model();
             InferencePlans plans = new InferencePlans(unplanned, model.stack(), model.weights(), LARGEST)) {
            NdArray pool = samples(5);
            assertThat(plans.run(List.of(pool.rows(0, 2), pool.rows(2, 5)), composed).toFloatArray())
                    .containsExactly(rowwise(pool).toFloatArray());
            plans.run(pool, composed);
            assertThat(composedRows).containsExactly(5, 5);
            assertThat(unplanned.planned).containsExactly(6);
        }
    }

    @Test
    void planSizesArePowersOfTwoAndThreeQuartersOfThemUpToTheLargestBatch() {
        assertThat(InferencePlans.planSize(1, 32)).isEqualTo(1);
        assertThat(InferencePlans.planSize(2, 32)).isEqualTo(2);
        assertThat(InferencePlans.planSize(3, 32)).isEqualTo(3);
        assertThat(InferencePlans.planSize(5, 32)).isEqualTo(6);
        assertThat(InferencePlans.planSize(7, 32)).isEqualTo(8);
        assertThat(InferencePlans.planSize(9, 32)).isEqualTo(12);
        assertThat(InferencePlans.planSize(13, 32)).isEqualTo(16);
        assertThat(InferencePlans.planSize(17, 32)).isEqualTo(24);
        assertThat(InferencePlans.planSize(25, 32)).isEqualTo(32);
        assertThat(InferencePlans.planSize(25, 30)).isEqualTo(30);
        assertThat(InferencePlans.planSize(49, 100)).isEqualTo(64);
        assertThat(InferencePlans.planSize(Integer.MAX_VALUE, Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void aBatchLargerThanThePlansWereMadeForIsRefusedWithTheFix() {
        try (Sequential model = model();
             InferencePlans plans = new InferencePlans(new PlanningEngine(true), model.stack(), model.weights(), 4)) {
            assertThatThrownBy(() -> plans.run(samples(5), COMPOSED))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("5 samples is more than the 4")
                    .hasMessageContaining("batches of at most 4");
        }
    }
}
