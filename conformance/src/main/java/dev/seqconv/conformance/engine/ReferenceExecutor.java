package dev.seqconv.conformance.engine;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.ops.Variable;
import dev.seqconv.api.spi.AbstractExecutor;
import dev.seqconv.api.spi.CompiledFunction;
import dev.seqconv.api.spi.FunctionDefinition;
import dev.seqconv.api.spi.FunctionResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Variables as tensors holding float32 (or int32) values, and functions run eagerly in float64 at each call.
 * Assignments replace a variable's tensor (tensors are never written), so every value a call computed stays that
 * of the variables before the call.
 */
final class ReferenceExecutor extends AbstractExecutor {

    /** Each variable's current value, by id. */
    private final List<ReferenceTensor> values = new ArrayList<>();

    ReferenceExecutor() {
        super("reference");
    }

    @Override
    protected void allocate(Variable variable, NdArray initialValue) {
        values.add(ReferenceTensor.of(initialValue));
    }

    @Override
    protected NdArray readValue(Variable variable) {
        return values.get(variable.id()).toHost();
    }

    @Override
    protected void writeValue(Variable variable, NdArray value) {
        values.set(variable.id(), ReferenceTensor.of(value));
    }

    @Override
    protected CompiledFunction prepare(FunctionDefinition definition) {
        return arguments -> {
            List<Tensor> inputs = arguments.stream().<Tensor>map(ReferenceTensor::of).toList();
            FunctionResult result = definition.body().apply(new ReferenceKernels(values::get), inputs);
            List<NdArray> outputs = result.outputs().stream().map(t -> ((ReferenceTensor) t).toHost()).toList();
            List<ReferenceTensor> staged = result.assignments().stream().map(this::fitted).toList();
            for (int i = 0; i < staged.size(); i++) {
                values.set(result.assignments().get(i).variable().id(), staged.get(i));
            }
            return outputs;
        };
    }

    /**
     * The assigned value under its variable's shape and rounded to its type, after checking that this executor made
     * the variable and that the value fits it; checked for every assignment before any is applied. Variables hold
     * float32 values as on every engine, so that a run resumed from a checkpoint repeats the uninterrupted one.
     */
    private ReferenceTensor fitted(FunctionResult.Assignment a) {
        Variable variable = own(a.variable());
        if (a.value().shape().size() != variable.shape().size() || a.value().dataType() != variable.dataType()) {
            throw new IllegalArgumentException("Variable " + variable.name() + " is " + variable.shape() + " "
                    + variable.dataType() + ", assigned " + a.value().shape() + " " + a.value().dataType());
        }
        return ReferenceTensor.of(((ReferenceTensor) a.value()).toHost().reshape(variable.shape()));
    }

    @Override
    protected void release() {
        values.clear();
    }
}
