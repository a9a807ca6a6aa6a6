package dev.seqconv.backend.nd4j;

import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Tensor;
import dev.seqconv.api.spi.EngineTensor;
import java.util.Arrays;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A tensor of the ND4J backend: an {@link INDArray}, computed eagerly but for the kinds that say otherwise, and its
 * conversions to and from the host.
 *
 * <p>A tensor may also say what it knows of a fused ReLU's gate {@code y > 0}, so that two kernels apply the gate
 * once between them: the output {@code y} of a kernel that gates its own gradient ({@link #reluOutput}), and a
 * gradient already zero wherever such a {@code y} is not positive ({@link #gated}), which that kernel then passes on
 * as it is. Any other operation makes a plain tensor, so a gradient summed from several uses is gated again.
 */
sealed class Nd4jTensor extends EngineTensor<INDArray> permits Nd4jTensor.GatheredRows,
        Nd4jConv1dLayer.DeferredInputGradient {

    /** For a ReLU's output: the array itself, whose gradient its kernel gates. Null otherwise. */
    private final INDArray reluOutput;
    /** For a gradient that is zero wherever this ReLU output is not positive: that output. Null otherwise. */
    private final INDArray gatedBy;

    Nd4jTensor(INDArray array) {
        this(array, null, null);
    }

    private Nd4jTensor(INDArray array, INDArray reluOutput, INDArray gatedBy) {
        super(array, shapeOf(array), switch (array.dataType()) {
            case FLOAT -> DataType.FLOAT32;
            case INT -> DataType.INT32;
            default -> throw new IllegalStateException("The ND4J backend only uses float32 and int32, got "
                    + array.dataType());
        });
        this.reluOutput = reluOutput;
        this.gatedBy = gatedBy;
    }

    /** The output {@code y = max(z, 0)} of a kernel that gates its gradient by {@code y > 0} itself. */
    static Nd4jTensor ofReluOutput(INDArray y) {
        return new Nd4jTensor(y, y, null);
    }

    /** A gradient {@code dy} of the ReLU output {@code y} that is already 0 wherever {@code y} is not positive. */
    static Nd4jTensor gated(INDArray dy, INDArray y) {
        return new Nd4jTensor(dy, null, y);
    }

    /** The array of {@code t} if {@code t} is a ReLU's output ({@link #ofReluOutput}), else null. */
    static INDArray reluOutput(Tensor t) {
        return ((Nd4jTensor) t).reluOutput;
    }

    /** Whether the gradient {@code dy} is already 0 wherever the ReLU output {@code y} is not positive. */
    static boolean isGated(Tensor dy, INDArray y) {
        return ((Nd4jTensor) dy).gatedBy == y;
    }

    /** A float32 tensor of {@code shape} whose array {@code deferred} computes on first use. */
    Nd4jTensor(Supplier<INDArray> deferred, Shape shape) {
        super(deferred, shape, DataType.FLOAT32);
        this.reluOutput = null;
        this.gatedBy = null;
    }

    /**
     * Rows of a table gathered by ids, {@code table[ids]} (an embedding's output), with the table and ids they come
     * from, gathered only when used as an array: a Conv1D layer over them folds the lookup into the table
     * ({@link Nd4jConv1dLayer}) and never reads them.
     */
    static final class GatheredRows extends Nd4jTensor {

        private final INDArray table;
        private final INDArray ids;

        /** The rows {@code gather} computes on first use, of {@code ids}'s shape and the table's width. */
        GatheredRows(Supplier<INDArray> gather, INDArray table, INDArray ids) {
            super(gather, shapeOf(rowsShape(table, ids)));
            this.table = table;
            this.ids = ids;
        }

        private static long[] rowsShape(INDArray table, INDArray ids) {
            long[] shape = Arrays.copyOf(ids.shape(), ids.rank() + 1);
            shape[ids.rank()] = table.size(1);
            return shape;
        }

        INDArray table() {
            return table;
        }

        INDArray ids() {
            return ids;
        }

        /** Whether the table has no more rows than there are ids: where sums per table row are the fewer. */
        boolean fewerRowsThanIds() {
            return ids.rank() == 2 && table.size(0) <= ids.length();
        }
    }

    /** The ND4J array behind a tensor of this backend: the one way to unwrap one. */
    static INDArray arrayOf(Tensor t) {
        return ((Nd4jTensor) t).value();
    }

    /** A new ND4J array holding a copy of {@code value}, in the current workspace if one is active. */
    static INDArray toNd4j(NdArray value) {
        return copied(value, Nd4j.createUninitialized(nd4jType(value), DenseArrays.longs(value.shape())));
    }

    /** An array of the running call's ({@link CallArrays}) holding a copy of {@code value}: a call's argument. */
    static INDArray toCallArray(NdArray value) {
        return copied(value, CallArrays.uninitialized(nd4jType(value), DenseArrays.longs(value.shape())));
    }

    private static org.nd4j.linalg.api.buffer.DataType nd4jType(NdArray value) {
        return value.dataType() == DataType.FLOAT32 ? org.nd4j.linalg.api.buffer.DataType.FLOAT
                : org.nd4j.linalg.api.buffer.DataType.INT;
    }

    private static INDArray copied(NdArray value, INDArray array) {
        copy(value, array);
        return array;
    }

    /**
     * Copies {@code value} into {@code array}, a dense row-major array of its shape and type, in one bulk copy
     * into the array's native memory (a fifth of the time of creating an array and assigning it).
     */
    static void copy(NdArray value, INDArray array) {
        if (!DenseArrays.isDense(array)) {
            array.assign(toNd4j(value));
        } else if (value.dataType() == DataType.FLOAT32) {
            array.data().asNioFloat().put(value.floatBuffer());
        } else {
            array.data().asNioInt().put(value.intBuffer());
        }
    }

    /** A host copy of {@code array}'s values. */
    static NdArray toHost(INDArray array) {
        Shape shape = shapeOf(array);
        INDArray dense = DenseArrays.isDense(array) ? array : array.dup('c');
        int length = Math.toIntExact(dense.length());
        return switch (dense.dataType()) {
            case FLOAT -> {
                float[] values = new float[length];
                dense.data().asNioFloat().get(values);
                yield NdArray.wrapFloats(shape, values);
            }
            case INT -> {
                int[] values = new int[length];
                dense.data().asNioInt().get(values);
                yield NdArray.wrapInts(shape, values);
            }
            default -> throw new IllegalStateException("Cannot copy an ND4J array of type " + array.dataType());
        };
    }

    static Shape shapeOf(INDArray array) {
        return shapeOf(array.shape());
    }

    static Shape shapeOf(long[] shape) {
        int[] dims = new int[shape.length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = Math.toIntExact(shape[i]);
        }
        return Shape.of(dims);
    }
}
