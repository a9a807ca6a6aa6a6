package dev.seqconv.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.conformance.reference.FiniteDifferences;
import dev.seqconv.conformance.reference.RefArray;
import dev.seqconv.conformance.reference.ReferenceLosses;
import dev.seqconv.api.losses.BinaryCrossentropy;
import dev.seqconv.api.losses.CategoricalCrossentropy;
import dev.seqconv.api.losses.Loss;
import dev.seqconv.api.losses.MeanAbsoluteError;
import dev.seqconv.api.losses.MeanSquaredError;
import dev.seqconv.api.losses.SparseCategoricalCrossentropy;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.spi.Backend;
import java.util.List;
import java.util.function.ToDoubleBiFunction;
import org.junit.jupiter.api.Test;

/** Each loss's value and gradient with respect to the predictions, against its formula in double precision. */
public abstract class LossConformanceSuite {

    protected abstract Backend backend();

    private final SeededRandom random = new SeededRandom(99);

    @Test
    void binaryCrossentropyOnProbabilitiesClipsAsKerasDoes() {
        RefArray z = labels(8);
        RefArray p = RefArray.uniform(random, 0.05, 0.95, 8, 1);
        p.setFlat(0, -0.2);
        p.setFlat(1, 1.7);
        p.setFlat(2, -0.4);
        Probe.Result result = check(new BinaryCrossentropy(), z, p, ReferenceLosses::binaryCrossentropy);
        float[] gradient = result.gradients().get(1).toFloatArray();
        assertThat(new float[] {Math.abs(gradient[0]), Math.abs(gradient[1]), Math.abs(gradient[2])})
                .as("zero gradient outside [ε, 1−ε]").containsOnly(0f);
    }

    @Test
    void binaryCrossentropyFromLogits() {
        check(new BinaryCrossentropy(true), labels(8), RefArray.uniform(random, -6, 6, 8, 1),
                ReferenceLosses::binaryCrossentropyFromLogits);
    }

    @Test
    void binaryCrossentropyOnASigmoidOutputUsesItsLogitsAsTfKerasDoes() {
        RefArray z = labels(6);
        RefArray x = RefArray.uniform(random, -3, 3, 6, 1);
        x.setFlat(0, 25);
        z.setFlat(0, 0);
        Probe.Result result = Probe.run(backend(), List.of(z.toFloat32(), x.toFloat32()), null,
                (ops, in) -> new BinaryCrossentropy().compute(ops, in.get(0), ops.sigmoid(in.get(1))));
        Tolerance.assertClose("loss", result.output(), scalar(ReferenceLosses.binaryCrossentropyFromLogits(z, x)));
        RefArray gradient = FiniteDifferences.gradient(
                in -> ReferenceLosses.binaryCrossentropyFromLogits(in.get(0), in.get(1)), List.of(z, x), 1);
        Tolerance.assertClose("gradient", result.gradients().get(1), gradient);
    }

    @Test
    void categoricalCrossentropyOnProbabilitiesScalesRowsToOneThenClipsAsKerasDoes() {
        RefArray z = oneHot(ids(6, 4), 6, 4);
        RefArray p = RefArray.uniform(random, 0.05, 0.9, 6, 4);
        p.setFlat(0, -0.2);
        p.setFlat(5, -0.1);
        check(new CategoricalCrossentropy(), z, p, ReferenceLosses::categoricalCrossentropy);
    }

    @Test
    void categoricalCrossentropyFromLogitsOfTimeSteps() {
        check(new CategoricalCrossentropy(true), oneHot(ids(10, 3), 2, 5, 3),
                RefArray.uniform(random, -6, 6, 2, 5, 3), ReferenceLosses::categoricalCrossentropyFromLogits);
    }

    @Test
    void sparseCategoricalCrossentropyOnProbabilitiesClipsThenNormalizesAsKerasDoes() {
        RefArray p = RefArray.uniform(random, 0.05, 0.9, 7, 3);
        p.setFlat(1, -0.2);
        p.setFlat(4, 1.3);
        Probe.Result result = check(new SparseCategoricalCrossentropy(), ids(7, 3), p, ReferenceLosses::sparseCategoricalCrossentropy);
        float[] gradient = result.gradients().get(1).toFloatArray();
        assertThat(new float[] {Math.abs(gradient[1]), Math.abs(gradient[4])}).as("zero gradient outside [ε, 1−ε]").containsOnly(0f);
    }

    @Test
    void sparseCategoricalCrossentropyFromLogits() {
        check(new SparseCategoricalCrossentropy(true), ids(8, 5), RefArray.uniform(random, -6, 6, 8, 5),
                ReferenceLosses::sparseCategoricalCrossentropyFromLogits);
    }

    @Test
    void categoricalCrossentropiesOnASoftmaxOutputUseItsLogitsAsTfKerasDoes() {
        RefArray ids = ids(5, 4);
        RefArray x = RefArray.uniform(random, -3, 3, 5, 4);
        x.setFlat(0, 40);
        onSoftmax(new CategoricalCrossentropy(), oneHot(ids, 5, 4), x, ReferenceLosses::categoricalCrossentropyFromLogits);
        onSoftmax(new SparseCategoricalCrossentropy(), ids, x,
                ReferenceLosses::sparseCategoricalCrossentropyFromLogits);
    }

    private void onSoftmax(Loss loss, RefArray z, RefArray x, ToDoubleBiFunction<RefArray, RefArray> onLogits) {
        Probe.Result result = Probe.run(backend(), List.of(z.toFloat32(), x.toFloat32()), null,
                (ops, in) -> loss.compute(ops, in.get(0), ops.softmax(in.get(1))));
        Tolerance.assertClose(loss.name(), result.output(), scalar(onLogits.applyAsDouble(z, x)));
        RefArray gradient = FiniteDifferences.gradient(in -> onLogits.applyAsDouble(in.get(0), in.get(1)),
                List.of(z, x), 1);
        Tolerance.assertClose(loss.name() + " gradient", result.gradients().get(1), gradient);
    }

    @Test
    void meanSquaredError() {
        check(new MeanSquaredError(), RefArray.uniform(random, -2, 2, 5, 2), RefArray.uniform(random, -2, 2, 5, 2),
                ReferenceLosses::meanSquaredError);
    }

    @Test
    void meanAbsoluteError() {
        check(new MeanAbsoluteError(), RefArray.uniform(random, -2, 2, 7, 1), RefArray.uniform(random, -2, 2, 7, 1),
                ReferenceLosses::meanAbsoluteError);
    }

    private Probe.Result check(Loss loss, RefArray z, RefArray p, ToDoubleBiFunction<RefArray, RefArray> reference) {
        Probe.Result result = Probe.run(backend(), List.of(z.toFloat32(), p.toFloat32()), null,
                (ops, in) -> loss.compute(ops, in.get(0), in.get(1)));
        assertThat(result.output().shape()).isEqualTo(Shape.scalar());
        Tolerance.assertClose(loss.name(), result.output(), scalar(reference.applyAsDouble(z, p)));
        RefArray gradient = FiniteDifferences.gradient(in -> reference.applyAsDouble(in.get(0), in.get(1)),
                List.of(z, p), 1);
        Tolerance.assertClose(loss.name() + " gradient", result.gradients().get(1), gradient);
        return result;
    }

    private RefArray labels(int n) {
        RefArray z = RefArray.zeros(n, 1);
        for (int i = 0; i < n; i++) {
            z.setFlat(i, random.nextInt(2));
        }
        return z;
    }

    /** Random class ids below {@code classes}, one per row: shape {@code (n, 1)}. */
    private RefArray ids(int n, int classes) {
        RefArray ids = RefArray.zeros(n, 1);
        for (int i = 0; i < n; i++) {
            ids.setFlat(i, random.nextInt(classes));
        }
        return ids;
    }

    /** One-hot rows of {@code shape} (classes last) for {@code ids}. */
    private static RefArray oneHot(RefArray ids, int... shape) {
        RefArray z = RefArray.zeros(shape);
        int classes = shape[shape.length - 1];
        for (int i = 0; i < ids.size(); i++) {
            z.setFlat(i * classes + (int) ids.flat(i), 1);
        }
        return z;
    }

    private static RefArray scalar(double v) {
        return new RefArray(new int[0], new double[] {v});
    }
}
