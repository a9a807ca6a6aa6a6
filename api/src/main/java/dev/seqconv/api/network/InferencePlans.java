package dev.seqconv.api.network;

import dev.seqconv.api.checks.Checks;
import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.spi.CompiledFunction;
import dev.seqconv.api.spi.Executor;
import dev.seqconv.api.spi.InferencePlan;
import dev.seqconv.api.spi.PlannedLayer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A model's inference plans over one executor (a predict session's, or a compiled model's until its weights
 * change) for batches of up to {@code largestBatch} samples. A batch of {@code n} samples runs on the plan of
 * {@link #planSize}: {@code n} rounded up to the next size of 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, ... (powers of
 * two and 3/4 of them), or {@code largestBatch} where that is smaller. Its rows are copied into that plan's
 * input, the rows after them zero, and the first {@code n} rows of the output are the answer: rows are
 * independent at inference, so the padding changes no row's answer, and it is less than a third of the plan's
 * rows. So whatever sizes a serving load's batches have, at most {@code 2·⌈log2(largestBatch)⌉ + 1} plans are
 * made (a plan on first use of its size, from the weights given, or found impossible, which is remembered too),
 * and all are kept until closed, each with its input array: making a plan costs far more than running it, so
 * none is made twice. Padding rather than cutting a batch into smaller plans: one engine call per batch
 * (docs/benchmarks.md, "Plans under load"). Where the engine cannot plan the model, a batch runs, unpadded, on
 * the composed prediction function. One thread at a time, as its executor; close it before the executor.
 */
public final class InferencePlans implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(InferencePlans.class.getName());

    private final Executor executor;
    private final List<PlannedLayer> layers;
    private final Shape sampleShape;
    private final int largestBatch;
    private final Map<Integer, Optional<InferencePlan>> plans = new HashMap<>();
    private final Map<Integer, Object> inputs = new HashMap<>();

    /** The plans of {@code stack} with {@code weights} on {@code executor}, for batches of 1 to {@code largestBatch}. */
    public InferencePlans(Executor executor, LayerStack stack, ModelWeights weights, int largestBatch) {
        this.executor = executor;
        this.layers = stack.plannedLayers(weights);
        this.sampleShape = stack.input().shape();
        this.largestBatch = Checks.positive("largestBatch", largestBatch);
    }

    /**
     * The batch size of the plan a batch of {@code samples} runs on: the smallest power of two, or 3/4 of one, that
     * holds them, at most {@code largestBatch}.
     */
    public static int planSize(int samples, int largestBatch) {
        Checks.positive("samples", samples);
        int powerOfTwo = samples == 1 ? 1 : Integer.highestOneBit(samples - 1) << 1;
        if (powerOfTwo <= 0) {
            return largestBatch;
        }
        int threeQuarters = powerOfTwo / 4 * 3;
        return Math.min(samples <= threeQuarters ? threeQuarters : powerOfTwo, largestBatch);
    }

    /** The largest batch these plans run. */
    public int largestBatch() {
        return largestBatch;
    }

    /** The model's outputs for {@code x}: on the plan for its size (padded), else on the composed {@code predict}. */
    public NdArray run(NdArray x, CompiledFunction predict) {
        return run(List.of(x), predict);
    }

    /**
     * The model's outputs for the samples of {@code parts} one after the other, as if concatenated: on the plan for
     * their number (padded), else on the composed {@code predict}.
     *
     * @throws IllegalArgumentException if they are more than {@link #largestBatch()} samples
     */
    public NdArray run(List<NdArray> parts, CompiledFunction predict) {
        int samples = parts.stream().mapToInt(NdArray::length).sum();
        if (samples > largestBatch) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "A batch of %d samples is more than the %d "
                    + "these inference plans were made for; cut it in batches of at most %d", samples, largestBatch,
                    largestBatch));
        }
        int size = planSize(samples, largestBatch);
        Optional<InferencePlan> plan = plans.computeIfAbsent(size, this::makePlan);
        if (plan.isEmpty()) {
            NdArray x = parts.size() == 1 ? parts.get(0) : concatenate(parts, samples, newValues(parts, samples));
            return predict.call(List.of(x)).get(0);
        }
        NdArray x = parts.size() == 1 && samples == size ? parts.get(0)
                : concatenate(parts, size, inputs.computeIfAbsent(size, s -> newValues(parts, s)));
        NdArray out = plan.get().run(x);
        return samples == size ? out : out.rows(0, samples);
    }

    private Optional<InferencePlan> makePlan(int size) {
        long start = System.nanoTime();
        Optional<InferencePlan> plan = executor.plan(layers, size);
        LOG.log(System.Logger.Level.DEBUG, () -> String.format(Locale.ROOT, "Inference plan for batches of %d: %s in "
                + "%.1f ms", size, plan.isPresent() ? "made" : "none", (System.nanoTime() - start) / 1e6));
        return plan;
    }

    private Object newValues(List<NdArray> parts, int samples) {
        int values = Math.multiplyExact(samples, Math.toIntExact(sampleShape.size()));
        return parts.get(0).dataType() == DataType.INT32 ? new int[values] : new float[values];
    }

    /** {@code parts} copied one after the other into {@code values}, of {@code samples} rows, the rest zero. */
    private NdArray concatenate(List<NdArray> parts, int samples, Object values) {
        boolean ints = values instanceof int[];
        int offset = 0;
        for (NdArray part : parts) {
            if (ints) {
                part.intBuffer().get((int[]) values, offset, part.size());
            } else {
                part.floatBuffer().get((float[]) values, offset, part.size());
            }
            offset += part.size();
        }
        if (ints) {
            Arrays.fill((int[]) values, offset, ((int[]) values).length, 0);
        } else {
            Arrays.fill((float[]) values, offset, ((float[]) values).length, 0f);
        }
        Shape shape = sampleShape.prepend(samples);
        return ints ? NdArray.wrapInts(shape, (int[]) values) : NdArray.wrapFloats(shape, (float[]) values);
    }

    @Override
    public void close() {
        plans.values().forEach(plan -> plan.ifPresent(InferencePlan::close));
        plans.clear();
        inputs.clear();
    }
}
