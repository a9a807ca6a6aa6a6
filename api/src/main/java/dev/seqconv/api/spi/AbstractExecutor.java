package dev.seqconv.api.spi;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ops.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What every engine's {@link Executor} keeps the same way: the variables (unique names, ids in creation order),
 * the open or closed state, and the checks on every call — a variable from another executor, a value that does
 * not fit, arguments that do not match a function's specs, any use after {@link #close()}. An engine implements
 * only where values live and how functions run.
 */
public abstract class AbstractExecutor implements Executor {

    private final String engine;
    private final List<Variable> variables = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private boolean closed;

    /** @param engine the engine's name, for messages, e.g. {@code ND4J} */
    protected AbstractExecutor(String engine) {
        this.engine = engine;
    }

    @Override
    public final Variable createVariable(String name, NdArray initialValue) {
        requireOpen();
        if (names.contains(name)) {
            throw new IllegalArgumentException("A variable named '" + name + "' exists already");
        }
        Variable variable = new Variable(variables.size(), name, initialValue.shape(), initialValue.dataType());
        allocate(variable, initialValue);
        names.add(name);
        variables.add(variable);
        return variable;
    }

    @Override
    public final NdArray read(Variable variable) {
        return readValue(own(variable));
    }

    @Override
    public final void write(Variable variable, NdArray value) {
        own(variable).requireFits(value);
        writeValue(variable, value);
    }

    @Override
    public final CompiledFunction compile(FunctionDefinition definition) {
        requireOpen();
        CompiledFunction function = prepare(definition);
        return arguments -> {
            requireOpen();
            definition.checkArguments(arguments);
            return function.call(arguments);
        };
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        release();
    }

    /** Makes the engine's storage for a new variable (whose id is the next in order) holding a copy of the value. */
    protected abstract void allocate(Variable variable, NdArray initialValue);

    /** A host copy of a variable of this executor. */
    protected abstract NdArray readValue(Variable variable);

    /** Copies {@code value}, which fits, into a variable of this executor. */
    protected abstract void writeValue(Variable variable, NdArray value);

    /** The engine's form of the function; it is called only while open, with arguments that match the specs. */
    protected abstract CompiledFunction prepare(FunctionDefinition definition);

    /** Frees the engine's memory; called once, by the first {@link #close()}. */
    protected abstract void release();

    /**
     * {@code variable}, after checking that this executor is open and made it.
     *
     * @throws IllegalArgumentException if another executor made it
     */
    protected final Variable own(Variable variable) {
        requireOpen();
        if (variable.id() >= variables.size() || !variables.get(variable.id()).equals(variable)) {
            throw new IllegalArgumentException("Variable " + variable.name() + " belongs to another executor");
        }
        return variable;
    }

    /** @throws IllegalStateException once the executor is closed */
    protected final void requireOpen() {
        if (closed) {
            throw new IllegalStateException("This " + engine + " executor is closed; its model was closed");
        }
    }
}
