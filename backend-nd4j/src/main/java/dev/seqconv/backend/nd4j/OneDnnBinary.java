package dev.seqconv.backend.nd4j;

import dev.seqconv.backend.nd4j.SmallArrayLoops.Arithmetic;
import java.util.Arrays;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.stream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Element-wise arithmetic of two float arrays on oneDNN's binary primitive, reading and writing the ND4J arrays'
 * memory in place:
 * <pre>
 * out[i] = a[i] ∘ b[i′]   (∘ ∈ {+, −, ×, ÷}; b broadcast along its axes of size 1, ranks aligned from the right)
 * </pre>
 * One IEEE single-precision operation a value, as libnd4j's, so the bits are libnd4j's. For large operands (the
 * recurrent layers' input projections: a per-gate dropout mask over time, a bias over batch and time, 0.4 M values
 * a gate at the chapter's Conv1D+GRU sizes), where libnd4j's broadcasting op costs its Java and a slower loop. The
 * primitives of one geometry are shared as {@link OneDnnPrimitives} says, in a cache of {@link #CACHED} geometries.
 */
final class OneDnnBinary extends OneDnnPrimitives {

    /** Geometries kept; an evicted one's native objects are freed once no call uses them. */
    static final int CACHED = 64;
    private static final OneDnnCache<Geometry, OneDnnBinary> PRIMITIVES = new OneDnnCache<>(CACHED);
    private static final memory.format_tag[] ROW_MAJOR = {memory.format_tag.a, memory.format_tag.ab,
        memory.format_tag.abc, memory.format_tag.abcd, memory.format_tag.abcde, memory.format_tag.abcdef};

    /** An operation on {@code a}'s shape (the result's) and {@code b}'s, aligned to its rank. */
    private record Geometry(Arithmetic operation, long[] a, long[] b) {

        long values() {
            return Arrays.stream(a).reduce(1L, Math::multiplyExact);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Geometry g && g.operation == operation && Arrays.equals(g.a, a)
                    && Arrays.equals(g.b, b);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * operation.hashCode() + Arrays.hashCode(a)) + Arrays.hashCode(b);
        }
    }

    private final long values;
    private final memory.desc left;
    private final memory.desc right;
    private final Primitive primitive;
    private final PerThread<Binding> bindings = perThread(this::bind);

    /**
     * {@code a ∘ b}, a new array of {@code a}'s shape, or null where oneDNN's broadcasting does not apply: {@code a}
     * not a float array of the result's shape, {@code b} not a float array that broadcasts to it, or a rank above 6.
     */
    static INDArray apply(Arithmetic operation, INDArray a, INDArray b) {
        long[] shape = a.shape();
        long[] aligned = aligned(b, shape);
        if (aligned == null || a.dataType() != org.nd4j.linalg.api.buffer.DataType.FLOAT || a.length() == 0) {
            return null;
        }
        OneDnnBinary kernel = PRIMITIVES.acquire(new Geometry(operation, shape, aligned),
                g -> KernelThreads.sized(g.values(), () -> new OneDnnBinary(g)));
        try {
            return kernel.pass(kernel.bindings, (binding, scratchpad, out) -> binding.run(scratchpad,
                    data(kernel.left, a), data(kernel.right, b), data(kernel.left, out)), shape);
        } finally {
            kernel.release();
        }
    }

    /** {@code b}'s shape at the rank of {@code shape}, or null if {@code b} does not broadcast to it. */
    private static long[] aligned(INDArray b, long[] shape) {
        if (b.dataType() != org.nd4j.linalg.api.buffer.DataType.FLOAT || shape.length == 0
                || shape.length > ROW_MAJOR.length || b.rank() > shape.length) {
            return null;
        }
        long[] dims = new long[shape.length];
        Arrays.fill(dims, 1L);
        long[] own = b.shape();
        System.arraycopy(own, 0, dims, shape.length - own.length, own.length);
        for (int i = 0; i < shape.length; i++) {
            if (dims[i] != shape[i] && dims[i] != 1) {
                return null;
            }
        }
        return dims;
    }

    private OneDnnBinary(Geometry g) {
        values = g.values();
        left = desc(ROW_MAJOR[g.a().length - 1], g.a());
        right = desc(ROW_MAJOR[g.b().length - 1], g.b());
        primitive = binary(kind(g.operation()), left, right, left);
    }

    private static algorithm kind(Arithmetic operation) {
        return switch (operation) {
            case ADD -> algorithm.binary_add;
            case SUBTRACT -> algorithm.binary_sub;
            case MULTIPLY -> algorithm.binary_mul;
            case DIVIDE -> algorithm.binary_div;
        };
    }

    @Override
    long work() {
        return values;
    }

    @Override
    long scratchpadBytes() {
        return primitive.scratchpadBytes();
    }

    private Binding bind(stream stream) {
        return binaryBinding(stream, primitive, left, right, left);
    }
}
