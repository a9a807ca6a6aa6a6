package dev.seqconv.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.seqconv.conformance.reference.FiniteDifferences;
import dev.seqconv.conformance.reference.RefArray;
import dev.seqconv.conformance.reference.ReferenceActivations;
import dev.seqconv.conformance.reference.ReferenceLosses;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.spi.Backend;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The primitive operations layers are made of, and their gradients, against double-precision math: broadcasting,
 * reductions, shape operations and matrix products in every transpose combination.
 */
public abstract class OpsConformanceSuite {

    protected abstract Backend backend();

    private final SeededRandom random = new SeededRandom(11);

    @Test
    void broadcastingArithmeticSumsGradientsBackToEachOperand() {
        RefArray a = RefArray.uniform(random, -1, 1, 2, 1, 3);
        RefArray b = RefArray.uniform(random, 0.5, 1.5, 3);
        check(List.of(a, b), (ops, in) -> ops.divide(ops.multiply(ops.add(in.get(0), in.get(1)), in.get(0)), in.get(1)),
                in -> elementwise(in.get(0), in.get(1), (x, y) -> (x + y) * x / y));
    }

    @Test
    void maximumAndMinimumRouteGradientsLikeTensorFlow() {
        RefArray a = RefArray.uniform(random, -1, 1, 3, 4);
        RefArray b = RefArray.uniform(random, -1, 1, 3, 4);
        check(List.of(a, b), (ops, in) -> ops.add(ops.maximum(in.get(0), in.get(1)), ops.minimum(in.get(0), ops.scalar(0.2f))),
                in -> elementwise(in.get(0), in.get(1), (x, y) -> Math.max(x, y) + Math.min(x, 0.2)));
        NdArray tie = NdArray.ofFloats(Shape.of(2), 1f, 2f);
        Probe.Result r = Probe.run(backend(), List.of(tie, tie), null,
                (ops, in) -> ops.sum(ops.maximum(in.get(0), in.get(1)), false, 0));
        assertThat(r.gradients().get(0).toFloatArray()).as("ties go to the first operand").containsExactly(1f, 1f);
        assertThat(r.gradients().get(1).toFloatArray()).containsExactly(0f, 0f);
    }

    @Test
    void unaryFunctions() {
        RefArray x = RefArray.uniform(random, 0.2, 2, 2, 5);
        check(List.of(x), (ops, in) -> {
            Tensor v = in.get(0);
            return ops.add(ops.add(ops.add(ops.sqrt(v), ops.log(v)), ops.add(ops.exp(ops.negate(v)), ops.square(v))),
                    ops.add(ops.abs(ops.add(v, -1f)), ops.add(ops.tanh(v), ops.relu(ops.add(v, -1f)))));
        }, in -> map(in.get(0), v -> Math.sqrt(v) + Math.log(v) + Math.exp(-v) + v * v + Math.abs(v - 1)
                + Math.tanh(v) + Math.max(v - 1, 0)));
    }

    @Test
    void softmaxOverTheLastAxis() {
        RefArray x = RefArray.uniform(random, -3, 3, 2, 3, 4);
        x.setFlat(0, 40);
        check(List.of(x), (ops, in) -> ops.softmax(in.get(0)), in -> softmax(in.get(0)));
    }

    @Test
    void hardSigmoidsOfKeras3AndKeras2ClipTheirLinearPartWithZeroGradientOutside() {
        for (Activation hard : new Activation[] {Activation.HARD_SIGMOID, Activation.HARD_SIGMOID_KERAS2}) {
            RefArray x = RefArray.uniform(random, -5, 5, 3, 8);
            x.setFlat(0, -4.2);
            x.setFlat(1, 4.4);
            x.setFlat(2, 0.3);
            DoubleUnaryOperator f = ReferenceActivations.of(hard);
            check(List.of(x), (ops, in) -> hard.apply(ops, in.get(0)), in -> map(in.get(0), f));
            Probe.Result outside = Probe.run(backend(), List.of(x.toFloat32()), null,
                    (ops, in) -> ops.sum(hard.apply(ops, in.get(0)), false, 0, 1));
            float[] gradient = outside.gradients().get(0).toFloatArray();
            assertThat(new float[] {Math.abs(gradient[0]), Math.abs(gradient[1])}).as(hard + ": zero gradient outside").containsOnly(0f);
            assertThat(gradient[2]).as(hard + ": slope inside")
                    .isCloseTo(hard == Activation.HARD_SIGMOID ? 1f / 6 : 0.2f, within(1e-6f));
        }
    }

    @Test
    void sumMeanAndMaxOverAxes() {
        RefArray x = RefArray.uniform(random, -1, 1, 3, 4, 2);
        check(List.of(x), (ops, in) -> ops.add(ops.sum(in.get(0), true, 1), ops.add(ops.mean(in.get(0), true, 0, 2),
                ops.max(in.get(0), true, 1))), in -> {
            RefArray v = in.get(0);
            RefArray out = RefArray.zeros(3, 1, 2);
            for (int b = 0; b < 3; b++) {
                for (int c = 0; c < 2; c++) {
                    double sum = 0;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int t = 0; t < 4; t++) {
                        sum += v.get(b, t, c);
                        max = Math.max(max, v.get(b, t, c));
                    }
                    out.set(sum + max, b, 0, c);
                }
            }
            double[][] mean = new double[4][1];
            for (int t = 0; t < 4; t++) {
                for (int b = 0; b < 3; b++) {
                    for (int c = 0; c < 2; c++) {
                        mean[t][0] += v.get(b, t, c) / 6;
                    }
                }
            }
            RefArray full = RefArray.zeros(3, 4, 2);
            for (int b = 0; b < 3; b++) {
                for (int t = 0; t < 4; t++) {
                    for (int c = 0; c < 2; c++) {
                        full.set(out.get(b, 0, c) + mean[t][0], b, t, c);
                    }
                }
            }
            return full;
        });
    }

    @Test
    void maxSharesTheGradientEquallyAmongTies() {
        NdArray x = NdArray.ofFloats(Shape.of(1, 3), 1f, 3f, 3f);
        Probe.Result r = Probe.run(backend(), List.of(x), null, (ops, in) -> ops.sum(ops.max(in.get(0), false, 1), false, 0));
        assertThat(r.gradients().get(0).toFloatArray()).containsExactly(0f, 0.5f, 0.5f);
    }

    @Test
    void reshapeSlicePadAndConcat() {
        RefArray x = RefArray.uniform(random, -1, 1, 2, 6, 3);
        check(List.of(x), (ops, in) -> {
            Tensor v = in.get(0);
            Tensor parts = ops.concat(List.of(ops.slice(v, 1, 4, 2), ops.pad(ops.slice(v, 1, 0, 3), 1, 1, 0, 0.5f)), 1);
            return ops.reshape(parts, Shape.of(Shape.UNKNOWN, 3));
        }, in -> {
            RefArray v = in.get(0);
            RefArray out = RefArray.zeros(12, 3);
            for (int b = 0; b < 2; b++) {
                for (int c = 0; c < 3; c++) {
                    out.set(v.get(b, 4, c), b * 6, c);
                    out.set(v.get(b, 5, c), b * 6 + 1, c);
                    out.set(0.5, b * 6 + 2, c);
                    for (int t = 0; t < 3; t++) {
                        out.set(v.get(b, t, c), b * 6 + 3 + t, c);
                    }
                }
            }
            return out;
        });
    }

    @Test
    void matmulInEveryTransposeCombination() {
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                RefArray a = ta ? RefArray.uniform(random, -1, 1, 4, 3) : RefArray.uniform(random, -1, 1, 3, 4);
                RefArray b = tb ? RefArray.uniform(random, -1, 1, 2, 4) : RefArray.uniform(random, -1, 1, 4, 2);
                check(List.of(a, b), (ops, in) -> ops.matmul(in.get(0), in.get(1), ta, tb), in -> {
                    RefArray out = RefArray.zeros(3, 2);
                    for (int i = 0; i < 3; i++) {
                        for (int j = 0; j < 2; j++) {
                            double s = 0;
                            for (int k = 0; k < 4; k++) {
                                s += (ta ? in.get(0).get(k, i) : in.get(0).get(i, k))
                                        * (tb ? in.get(1).get(j, k) : in.get(1).get(k, j));
                            }
                            out.set(s, i, j);
                        }
                    }
                    return out;
                });
            }
        }
    }

    private void check(List<RefArray> inputs, BiFunction<Ops, List<Tensor>, Tensor> computation,
                       Function<List<RefArray>, RefArray> reference) {
        RefArray expected = reference.apply(inputs);
        RefArray projection = RefArray.uniform(random, -1, 1, expected.shape());
        Probe.Result result = Probe.run(backend(), inputs.stream().map(RefArray::toFloat32).toList(),
                projection.toFloat32(), computation);
        Tolerance.assertClose("output", result.output(), expected);
        for (int i = 0; i < inputs.size(); i++) {
            RefArray gradient = FiniteDifferences.gradient(in -> {
                RefArray y = reference.apply(in);
                double s = 0;
                for (int j = 0; j < y.size(); j++) {
                    s += y.flat(j) * projection.flat(j);
                }
                return s;
            }, inputs, i);
            Tolerance.assertClose("gradient of input " + i, result.gradients().get(i), gradient);
        }
    }

    /** Softmax over the last axis: {@code e^{x_i − lse(x)}}, the log-sum-exp shifted by each row's maximum. */
    private static RefArray softmax(RefArray x) {
        RefArray out = x.copy();
        int width = x.dim(x.shape().length - 1);
        for (int row = 0; row < x.size() / width; row++) {
            double lse = ReferenceLosses.logSumExp(x, row, width);
            for (int i = 0; i < width; i++) {
                out.setFlat(row * width + i, Math.exp(x.flat(row * width + i) - lse));
            }
        }
        return out;
    }

    private static RefArray map(RefArray x, DoubleUnaryOperator f) {
        RefArray out = x.copy();
        for (int i = 0; i < x.size(); i++) {
            out.setFlat(i, f.applyAsDouble(x.flat(i)));
        }
        return out;
    }

    /** {@code f(a, b)} with b of shape {@code (n)} broadcast against a's last axis. */
    private static RefArray elementwise(RefArray a, RefArray b, DoubleBinaryOperator f) {
        RefArray out = a.copy();
        for (int i = 0; i < a.size(); i++) {
            out.setFlat(i, f.applyAsDouble(a.flat(i), b.flat(i % b.size())));
        }
        return out;
    }
}
