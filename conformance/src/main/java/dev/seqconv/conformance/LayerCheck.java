package dev.seqconv.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.conformance.reference.FiniteDifferences;
import dev.seqconv.conformance.reference.RefArray;
import dev.seqconv.conformance.reference.ReferenceLayers;
import dev.seqconv.api.layers.CallContext;
import dev.seqconv.api.layers.Layer;
import dev.seqconv.api.layers.LayerBuild;
import dev.seqconv.api.layers.NoiseSpec;
import dev.seqconv.api.layers.WeightSpec;
import dev.seqconv.api.layers.Weights;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.spi.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Compares one layer on a backend with its double-precision reference: builds it for an input, draws its
 * weights (trainable ones in [-0.6, 0.6), non-trainable ones — moving statistics — in [0.4, 1.6), as a variance must be
 * positive; in training, its dropout masks too), and checks the output and the gradients of {@code Σ y·r} with
 * respect to the input and every weight within {@link Tolerance#DEFAULT}, gradients by finite differences. Outside
 * training the output is checked a second time in a function that computes no gradients, where an engine may take
 * another path (TensorFlow's recurrences run as a while loop there).
 */
final class LayerCheck {

    private final Backend backend;
    private final SeededRandom random;

    LayerCheck(Backend backend, SeededRandom random) {
        this.backend = backend;
        this.random = random;
    }

    /**
     * @param layer              the layer under test
     * @param x                  its input
     * @param ids                whether {@code x} holds token ids (then it gets no gradient)
     * @param training           whether to call it in training, with dropout masks
     * @param reference          {@code [x, weights..., masks...] -> y}
     * @param expectedParameters the layer's parameter count
     */
    void check(Layer layer, RefArray x, boolean ids, boolean training, Function<List<RefArray>, RefArray> reference,
               long expectedParameters) {
        LayerBuild build = layer.build(Shape.of(x.shape()));
        assertThat(build.parameterCount()).as("parameter count").isEqualTo(expectedParameters);

        List<RefArray> refInputs = new ArrayList<>();
        refInputs.add(x);
        for (WeightSpec w : build.weights()) {
            refInputs.add(w.trainable() ? RefArray.uniform(random, -0.6, 0.6, w.shape().dims())
                    : RefArray.uniform(random, 0.4, 1.6, w.shape().dims()));
        }
        int weights = build.weights().size();
        List<NoiseSpec> noise = training ? build.noise() : List.of();
        for (NoiseSpec spec : noise) {
            refInputs.add(mask(spec, x.dim(0)));
        }
        RefArray expected = reference.apply(refInputs);
        RefArray projection = RefArray.uniform(random, -1, 1, expected.shape());

        List<NdArray> inputs = new ArrayList<>();
        inputs.add(ids ? x.toInt32() : x.toFloat32());
        refInputs.subList(1, refInputs.size()).forEach(w -> inputs.add(w.toFloat32()));
        Probe.Result result = Probe.run(backend, inputs, projection.toFloat32(), (ops, in) -> {
            List<Tensor> masks = in.subList(1 + weights, in.size());
            CallContext context = training ? CallContext.training(masks) : CallContext.inference();
            return layer.call(ops, in.get(0), Weights.of(build.weights(), in.subList(1, 1 + weights)), context);
        });

        assertThat(result.output().shape()).as("output shape").isEqualTo(build.outputShape());
        Tolerance.assertClose(layer.typeName() + " output", result.output(), expected);
        if (!training) {
            NdArray inferred = Probe.evaluate(backend, inputs, (ops, in) -> List.of(layer.call(ops, in.get(0),
                    Weights.of(build.weights(), in.subList(1, 1 + weights)), CallContext.inference()))).get(0);
            Tolerance.assertClose(layer.typeName() + " output where no gradients are computed", inferred, expected);
        }
        for (int i = ids ? 1 : 0; i <= weights; i++) {
            RefArray gradient = FiniteDifferences.gradient(
                    in -> ReferenceLayers.project(reference.apply(in), projection), refInputs, i);
            String name = i == 0 ? "input" : build.weights().get(i - 1).name();
            Tolerance.assertClose(layer.typeName() + " gradient of " + name, result.gradients().get(i), gradient);
        }
    }

    /** A dropout mask as Keras draws it: {@code 1/(1 − rate)} kept, 0 dropped. */
    private RefArray mask(NoiseSpec spec, int batch) {
        RefArray m = RefArray.zeros(spec.sampleShape().prepend(batch).dims());
        for (int i = 0; i < m.size(); i++) {
            m.setFlat(i, random.nextDouble() >= spec.rate() ? (float) (1 / (1 - spec.rate())) : 0);
        }
        return m;
    }
}
