package dev.seqconv.conformance;

import dev.seqconv.conformance.reference.RefArray;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.optimizers.Adam;
import dev.seqconv.api.optimizers.Optimizer;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.api.optimizers.SGD;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.spi.Backend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One update of each optimizer on the backend against its formula (as in its Javadoc) in double precision. */
public abstract class OptimizerConformanceSuite {

    protected abstract Backend backend();

    private final SeededRandom random = new SeededRandom(5);

    @Test
    void rmspropFromItsZeroStartingState() {
        RefArray w = values();
        RefArray g = values();
        RefArray s = RefArray.zeros(w.shape());
        check(new RMSprop(1e-3f), 1, w, g, List.of(s), rmsprop(1e-3f, 0.9f, 1e-7f, w, g, s));
    }

    @Test
    void rmspropLaterStepWithTinyGradients() {
        RefArray w = values();
        RefArray g = RefArray.uniform(random, -1e-6, 1e-6, 3, 4);
        RefArray s = RefArray.uniform(random, 0, 1e-11, 3, 4);
        check(new RMSprop(1e-4f), 7, w, g, List.of(s), rmsprop(1e-4f, 0.9f, 1e-7f, w, g, s));
    }

    @Test
    void adam() {
        RefArray w = values();
        RefArray g = values();
        RefArray m = values();
        RefArray v = RefArray.uniform(random, 0, 0.5, 3, 4);
        int t = 5;
        double lr = 1e-3f;
        double b1 = 0.9f;
        double b2 = 0.999f;
        double eps = 1e-7f;
        double lrT = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
        RefArray w2 = w.copy();
        RefArray m2 = m.copy();
        RefArray v2 = v.copy();
        for (int i = 0; i < w.size(); i++) {
            m2.setFlat(i, b1 * m.flat(i) + (1 - b1) * g.flat(i));
            v2.setFlat(i, b2 * v.flat(i) + (1 - b2) * g.flat(i) * g.flat(i));
            w2.setFlat(i, w.flat(i) - lrT * m2.flat(i) / (Math.sqrt(v2.flat(i)) + eps));
        }
        check(new Adam(), t, w, g, List.of(m, v), List.of(w2, m2, v2));
    }

    @Test
    void sgdWithoutMomentum() {
        RefArray w = values();
        RefArray g = values();
        RefArray w2 = w.copy();
        for (int i = 0; i < w.size(); i++) {
            w2.setFlat(i, w.flat(i) - 0.01f * g.flat(i));
        }
        check(new SGD(), 1, w, g, List.of(), List.of(w2));
    }

    @Test
    void sgdWithMomentumAndNesterov() {
        for (boolean nesterov : new boolean[] {false, true}) {
            RefArray w = values();
            RefArray g = values();
            RefArray v = values();
            double lr = 0.05f;
            double mu = 0.8f;
            RefArray w2 = w.copy();
            RefArray v2 = v.copy();
            for (int i = 0; i < w.size(); i++) {
                v2.setFlat(i, mu * v.flat(i) - lr * g.flat(i));
                w2.setFlat(i, nesterov ? w.flat(i) + mu * v2.flat(i) - lr * g.flat(i) : w.flat(i) + v2.flat(i));
            }
            check(new SGD(0.05f, 0.8f, nesterov), 3, w, g, List.of(v), List.of(w2, v2));
        }
    }

    private static List<RefArray> rmsprop(float lr, float rho, float eps, RefArray w, RefArray g, RefArray s) {
        RefArray w2 = w.copy();
        RefArray s2 = s.copy();
        for (int i = 0; i < w.size(); i++) {
            s2.setFlat(i, (double) rho * s.flat(i) + (1 - (double) rho) * g.flat(i) * g.flat(i));
            w2.setFlat(i, w.flat(i) - lr * g.flat(i) / (Math.sqrt(s2.flat(i)) + eps));
        }
        return List.of(w2, s2);
    }

    private RefArray values() {
        return RefArray.uniform(random, -1, 1, 3, 4);
    }

    /** Runs one update and compares {@code [w', slots'...]} with {@code expected}. */
    private void check(Optimizer optimizer, int step, RefArray w, RefArray g, List<RefArray> slots,
                       List<RefArray> expected) {
        List<NdArray> inputs = new ArrayList<>();
        inputs.add(w.toFloat32());
        inputs.add(g.toFloat32());
        slots.forEach(s -> inputs.add(s.toFloat32()));
        inputs.add(NdArray.scalar(step));
        List<NdArray> out = Probe.evaluate(backend(), inputs, (ops, in) -> {
            Optimizer.Update u = optimizer.update(ops, in.get(0), in.get(1), in.subList(2, 2 + slots.size()),
                    in.get(in.size() - 1));
            List<dev.seqconv.api.ops.Tensor> all = new ArrayList<>();
            all.add(u.weight());
            all.addAll(u.slots());
            return all;
        });
        for (int i = 0; i < expected.size(); i++) {
            String what = optimizer.name() + (i == 0 ? " weight" : " slot " + optimizer.slotNames().get(i - 1));
            Tolerance.assertClose(what, out.get(i), expected.get(i));
        }
    }
}
