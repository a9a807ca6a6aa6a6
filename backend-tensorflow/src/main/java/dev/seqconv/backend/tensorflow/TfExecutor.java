package dev.seqconv.backend.tensorflow;

import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.ops.Variable;
import dev.seqconv.api.spi.AbstractExecutor;
import dev.seqconv.api.spi.CompiledFunction;
import dev.seqconv.api.spi.FunctionDefinition;
import dev.seqconv.api.spi.FunctionResult;
import dev.seqconv.api.spi.TensorSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/**
 * One TensorFlow graph and session per model. Variables are resource variables; each function is traced once
 * into the graph — inputs as placeholders with an unknown batch dimension — and each call is one
 * {@code Session.run} that feeds the inputs, fetches the outputs and runs the assignments, which wait for every
 * output and new value so that all reads see the values from before the call.
 */
final class TfExecutor extends AbstractExecutor {

    /**
     * Runs every node of a call on the thread that calls {@code Session.run} instead of TensorFlow's inter-op
     * pool: a batch-1 prediction's ops are small and in a chain, and handing each to a pool thread cost more than
     * it ran (docs/engines.md, "TensorFlow's fixed costs of a prediction"). Ops that split their work (a large
     * convolution) still use the intra-op pool.
     */
    private static final RunOptions ON_CALLING_THREAD = RunOptions.newBuilder().setInterOpThreadPool(-1).build();
    /** Input shapes (batch sizes, mostly) whose tensors a function keeps for the next calls. */
    private static final int KEPT_SHAPES = 4;

    private final Graph graph = new Graph();
    private final Ops tf = Ops.create(graph);
    private final Session session;
    /** Each variable's graph nodes, by id. */
    private final List<Slot> slots = new ArrayList<>();
    private final List<TracedFunction> functions = new ArrayList<>();
    private final boolean fusedKernels;

    /** A variable's graph nodes: its handle, and the feed and ops that write and read it from the host. */
    private record Slot(Operand<?> handle, Placeholder<?> feed, Op assign, Operand<?> read) {
    }

    /** An executor whose functions trace the engine's fused kernels. */
    TfExecutor(ConfigProto config) {
        this(config, true);
    }

    /**
     * @param config       the session's configuration
     * @param fusedKernels whether the functions trace the engine's fused kernels ({@link TfKernels#conv1dLayer()})
     */
    TfExecutor(ConfigProto config, boolean fusedKernels) {
        super("TensorFlow");
        this.session = new Session(graph, config);
        this.fusedKernels = fusedKernels;
    }

    @Override
    protected void allocate(Variable variable, NdArray initialValue) {
        Class<? extends TType> type = typeOf(variable.dataType());
        org.tensorflow.ndarray.Shape shape = TfConversions.shape(variable.shape());
        Ops scope = tf.withSubScope("variable_" + variable.id());
        Operand<?> handle = scope.varHandleOp(type, shape, VarHandleOp.sharedName("seqconv_" + variable.id()));
        Placeholder<?> feed = scope.placeholder(type, Placeholder.shape(shape));
        Slot slot = new Slot(handle, feed, scope.assignVariableOp(handle, feed), scope.readVariableOp(handle, type));
        assign(slot, initialValue);
        slots.add(slot);
    }

    @Override
    protected NdArray readValue(Variable variable) {
        try (Result result = session.runner().fetch(slots.get(variable.id()).read()).run()) {
            return TfConversions.toHost(result.get(0));
        }
    }

    @Override
    protected void writeValue(Variable variable, NdArray value) {
        assign(slots.get(variable.id()), value);
    }

    private void assign(Slot slot, NdArray value) {
        try (org.tensorflow.Tensor t = TfConversions.toTensor(value);
             Result ignored = session.runner().feed(slot.feed(), t).addTarget(slot.assign()).run()) {
            // the assignment ran
        }
    }

    @Override
    protected CompiledFunction prepare(FunctionDefinition definition) {
        Ops scope = tf.withSubScope(definition.name());
        List<Placeholder<?>> placeholders = new ArrayList<>();
        List<Tensor> inputs = new ArrayList<>();
        for (TensorSpec spec : definition.inputs()) {
            Placeholder<?> p = scope.placeholder(typeOf(spec.dataType()),
                    Placeholder.shape(TfConversions.shape(spec.shape())));
            placeholders.add(p);
            inputs.add(new TfTensor(p));
        }
        TfKernels kernels = new TfKernels(scope, id -> slots.get(id).handle(), fusedKernels);
        FunctionResult result = definition.body().apply(kernels, inputs);
        // Identity: an output may be an input itself (a layer that passes its input through), which TensorFlow
        // cannot both feed and fetch.
        List<Operand<?>> outputs = result.outputs().stream()
                .<Operand<?>>map(t -> scope.identity(TfTensor.operandOf(t))).toList();
        List<Op> computed = new ArrayList<>(outputs);
        result.assignments().forEach(a -> computed.add(TfTensor.operandOf(a.value())));
        Ops afterAll = scope.withControlDependencies(computed);
        List<Op> assignments = result.assignments().stream()
                .<Op>map(a -> afterAll.assignVariableOp(slots.get(own(a.variable()).id()).handle(),
                        TfTensor.operandOf(a.value())))
                .toList();
        TracedFunction function = new TracedFunction(placeholders, outputs, assignments);
        functions.add(function);
        return function::call;
    }

    /**
     * A traced function's feeds, fetches and targets, and its input tensors: one per input and shape, kept between
     * calls (the last {@link #KEPT_SHAPES} shapes of each input) and overwritten with each call's arguments. A run
     * that assigns no variable (prediction, evaluation) executes its nodes on the calling thread.
     */
    private final class TracedFunction {
        private final List<Placeholder<?>> placeholders;
        private final List<Operand<?>> outputs;
        private final List<Op> assignments;
        private final List<Map<Shape, org.tensorflow.Tensor>> inputTensors = new ArrayList<>();

        TracedFunction(List<Placeholder<?>> placeholders, List<Operand<?>> outputs, List<Op> assignments) {
            this.placeholders = placeholders;
            this.outputs = outputs;
            this.assignments = assignments;
            for (int i = 0; i < placeholders.size(); i++) {
                inputTensors.add(new LinkedHashMap<>(8, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<Shape, org.tensorflow.Tensor> eldest) {
                        if (size() <= KEPT_SHAPES) {
                            return false;
                        }
                        eldest.getValue().close();
                        return true;
                    }
                });
            }
        }

        List<NdArray> call(List<NdArray> arguments) {
            Session.Runner runner = session.runner();
            for (int i = 0; i < arguments.size(); i++) {
                NdArray argument = arguments.get(i);
                org.tensorflow.Tensor t = inputTensors.get(i).computeIfAbsent(argument.shape(),
                        shape -> TfConversions.newTensor(argument.dataType(), shape));
                TfConversions.copy(argument, t);
                runner.feed(placeholders.get(i), t);
            }
            outputs.forEach(runner::fetch);
            assignments.forEach(runner::addTarget);
            if (assignments.isEmpty()) {
                runner.setOptions(ON_CALLING_THREAD);
            }
            try (Result result = runner.run()) {
                List<NdArray> values = new ArrayList<>(outputs.size());
                for (int i = 0; i < outputs.size(); i++) {
                    values.add(TfConversions.toHost(result.get(i)));
                }
                return values;
            }
        }

        void close() {
            inputTensors.forEach(tensors -> tensors.values().forEach(org.tensorflow.Tensor::close));
        }
    }

    /** The nodes of the graph so far: what {@link TensorFlowBackendProvider#UNROLLING}'s costs are per. */
    long graphSize() {
        long nodes = 0;
        for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); it.next()) {
            nodes++;
        }
        return nodes;
    }

    @Override
    protected void release() {
        functions.forEach(TracedFunction::close);
        session.close();
        graph.close();
    }

    private static Class<? extends TType> typeOf(DataType type) {
        return type == DataType.FLOAT32 ? TFloat32.class : TInt32.class;
    }
}
