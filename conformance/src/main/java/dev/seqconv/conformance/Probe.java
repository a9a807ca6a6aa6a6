package dev.seqconv.conformance;

import dev.seqconv.api.autodiff.TapeOps;
import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.spi.CompiledFunction;
import dev.seqconv.api.spi.Executor;
import dev.seqconv.api.spi.FunctionDefinition;
import dev.seqconv.api.spi.FunctionResult;
import dev.seqconv.api.spi.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Runs a computation written with {@link Ops} on a backend, and the gradients of {@code Σ output · projection}
 * (or of the output itself, when it is a scalar and no projection is given) with respect to every float input.
 */
public final class Probe {

    /**
     * What a probe returns.
     *
     * @param output    the computation's output
     * @param gradients per input: the gradient, or {@code null} for int inputs
     */
    public record Result(NdArray output, List<NdArray> gradients) {
    }

    private Probe() {
    }

    public static Result run(Backend backend, List<NdArray> inputs, NdArray projection,
                             BiFunction<Ops, List<Tensor>, Tensor> computation) {
        List<NdArray> arguments = new ArrayList<>(inputs);
        if (projection != null) {
            arguments.add(projection);
        }
        List<TensorSpec> specs = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            specs.add(new TensorSpec("in" + i, arguments.get(i).shape(), arguments.get(i).dataType()));
        }
        try (Executor executor = backend.newExecutor()) {
            CompiledFunction f = executor.compile(new FunctionDefinition("probe", specs, (kernels, in) -> {
                TapeOps ops = TapeOps.recording(kernels);
                List<Tensor> sources = new ArrayList<>();
                for (int i = 0; i < inputs.size(); i++) {
                    if (inputs.get(i).dataType() == DataType.FLOAT32) {
                        sources.add(ops.watch(in.get(i)));
                    }
                }
                Tensor y = computation.apply(ops, in.subList(0, inputs.size()));
                Tensor objective = projection == null ? y : ops.sum(ops.multiply(y, in.get(inputs.size())), false,
                        allAxes(y.rank()));
                List<Tensor> outputs = new ArrayList<>();
                outputs.add(y);
                outputs.addAll(ops.gradients(objective, sources));
                return new FunctionResult(outputs, List.of());
            }));
            List<NdArray> out = f.call(arguments);
            List<NdArray> gradients = new ArrayList<>();
            int next = 1;
            for (NdArray input : inputs) {
                gradients.add(input.dataType() == DataType.FLOAT32 ? out.get(next++) : null);
            }
            return new Result(out.get(0), gradients);
        }
    }

    /** Runs a computation with several outputs and no gradients. */
    public static List<NdArray> evaluate(Backend backend, List<NdArray> inputs,
                                         BiFunction<Ops, List<Tensor>, List<Tensor>> computation) {
        List<TensorSpec> specs = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            specs.add(new TensorSpec("in" + i, inputs.get(i).shape(), inputs.get(i).dataType()));
        }
        try (Executor executor = backend.newExecutor()) {
            return executor.compile(new FunctionDefinition("evaluate", specs, (kernels, in) ->
                    new FunctionResult(computation.apply(TapeOps.inference(kernels), in), List.of()))).call(inputs);
        }
    }

    private static int[] allAxes(int rank) {
        int[] axes = new int[rank];
        for (int i = 0; i < rank; i++) {
            axes[i] = i;
        }
        return axes;
    }
}
