package dev.seqconv.backend.nd4j;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.ops.Variable;
import dev.seqconv.api.spi.AbstractExecutor;
import dev.seqconv.api.spi.CompiledFunction;
import dev.seqconv.api.spi.FunctionDefinition;
import dev.seqconv.api.spi.FunctionResult;
import dev.seqconv.api.spi.InferencePlan;
import dev.seqconv.api.spi.PlannedLayer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.MemoryWorkspaceManager;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.MirroringPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Variables as detached ND4J arrays, and functions run eagerly inside a workspace of their own: every
 * temporary of a call lives in the workspace and is released when the call ends, so memory stays flat
 * across steps (without one, ND4J grows by ~130 MB per IMDB step). The kernels' results, most of a call's arrays,
 * come instead from the function's {@link CallArrays}, the same arrays call after call. ND4J's workspaces belong to
 * a thread, so a model called from several threads (one at a time) has a workspace and call arrays per function and
 * thread; closing the executor frees all of them, whichever thread closes it.
 */
final class Nd4jExecutor extends AbstractExecutor {

    private static final AtomicLong COUNTER = new AtomicLong();

    /** Sized by the first call (FIRST_LOOP), grown if a later call needs more (REALLOCATE). */
    private static final WorkspaceConfiguration STEP_WORKSPACE = WorkspaceConfiguration.builder()
            .initialSize(0)
            .overallocationLimit(0.05)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policyMirroring(MirroringPolicy.FULL)
            .policySpill(SpillPolicy.REALLOCATE)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .build();

    private final String id = "seqconv-" + COUNTER.incrementAndGet();
    private final boolean fusedKernels;
    /** Each variable's persistent array, by id. */
    private final List<INDArray> values = new ArrayList<>();
    private int functions;
    /** Every workspace a call activated, on any thread: ND4J's manager only finds the current thread's. */
    private final Set<MemoryWorkspace> activated = ConcurrentHashMap.newKeySet();
    /** Every function's call arrays, on any thread. */
    private final Set<CallArrays> callArrays = ConcurrentHashMap.newKeySet();

    /** An executor whose kernels offer the backend's fused kernels. */
    Nd4jExecutor() {
        this(true);
    }

    /**
     * @param fusedKernels whether the kernels offer the fused GRU and RMSprop kernels and the executor inference
     *                     plans; without them every operation runs composed (how the conformance kit holds the
     *                     composed forms on ND4J)
     */
    Nd4jExecutor(boolean fusedKernels) {
        super("ND4J");
        this.fusedKernels = fusedKernels;
    }

    @Override
    protected void allocate(Variable variable, NdArray initialValue) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            values.add(Nd4jTensor.toNd4j(initialValue));
        }
    }

    @Override
    protected NdArray readValue(Variable variable) {
        return Nd4jTensor.toHost(values.get(variable.id()));
    }

    @Override
    protected void writeValue(Variable variable, NdArray value) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            Nd4jTensor.copy(value, values.get(variable.id()));
        }
    }

    @Override
    protected CompiledFunction prepare(FunctionDefinition definition) {
        String workspace = id + "-" + definition.name() + "-" + functions++;
        ThreadLocal<CallArrays> arrays = ThreadLocal.withInitial(() -> {
            CallArrays threadArrays = new CallArrays();
            callArrays.add(threadArrays);
            return threadArrays;
        });
        return arguments -> call(definition, workspace, arrays.get(), arguments);
    }

    /** An oneDNN plan ({@link InferencePlanBuilder}) when the kernels offer their capabilities, else empty. */
    @Override
    public Optional<InferencePlan> plan(List<PlannedLayer> layers, int batchSize) {
        requireOpen();
        return fusedKernels ? InferencePlanBuilder.build(layers, batchSize) : Optional.empty();
    }

    private List<NdArray> call(FunctionDefinition definition, String workspace, CallArrays arrays,
                               List<NdArray> arguments) {
        try (MemoryWorkspace active = Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP_WORKSPACE, workspace);
             CallArrays.Scope reused = arrays.activate()) {
            activated.add(active);
            List<Tensor> inputs = new ArrayList<>(arguments.size());
            for (NdArray argument : arguments) {
                inputs.add(new Nd4jTensor(Nd4jTensor.toCallArray(argument)));
            }
            FunctionResult result = definition.body().apply(new Nd4jKernels(values::get, fusedKernels), inputs);
            List<NdArray> outputs = new ArrayList<>(result.outputs().size());
            for (Tensor output : result.outputs()) {
                outputs.add(Nd4jTensor.toHost(Nd4jTensor.arrayOf(output)));
            }
            assign(result.assignments());
            return outputs;
        }
    }

    /**
     * Applies all assignments as if at once: values that may alias a variable (views, and arrays on a variable's
     * buffer, as a reshaped variable is) are copied before any is written.
     */
    private void assign(List<FunctionResult.Assignment> assignments) {
        Set<DataBuffer> persistent = Collections.newSetFromMap(new IdentityHashMap<>());
        for (INDArray value : values) {
            persistent.add(value.data());
        }
        List<INDArray> staged = new ArrayList<>(assignments.size());
        for (FunctionResult.Assignment a : assignments) {
            INDArray v = Nd4jTensor.arrayOf(a.value());
            staged.add(v.isView() || persistent.contains(v.data()) ? v.dup() : v);
        }
        for (int i = 0; i < assignments.size(); i++) {
            DenseArrays.copy(staged.get(i), values.get(own(assignments.get(i).variable()).id()));
        }
    }

    /**
     * Frees every workspace a call activated and every function's call arrays. The closing thread's workspaces are
     * also dropped from ND4J's register of that thread's workspaces, which would otherwise keep them (as objects) for
     * the thread's life; other threads' registers only their own thread can change.
     */
    @Override
    protected void release() {
        MemoryWorkspaceManager manager = Nd4j.getWorkspaceManager();
        Set<MemoryWorkspace> closingThreads = Collections.newSetFromMap(new IdentityHashMap<>());
        closingThreads.addAll(manager.getAllWorkspacesForCurrentThread());
        for (MemoryWorkspace workspace : activated) {
            if (closingThreads.contains(workspace)) {
                manager.destroyWorkspace(workspace);
            } else {
                workspace.destroyWorkspace(true);
            }
        }
        activated.clear();
        callArrays.forEach(CallArrays::close);
        callArrays.clear();
        values.forEach(INDArray::close);
        values.clear();
    }
}
