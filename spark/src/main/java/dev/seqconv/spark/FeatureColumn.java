package dev.seqconv.spark;

import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.network.Input;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Row;

/**
 * Which column of a table holds a model's input, and how one row's value becomes one sample:
 * <ul>
 *   <li>{@link #tokenIds}: an {@code array<int>} (or {@code array<bigint>}) of token ids, padded with 0 and
 *       truncated at the start to the model's length {@code L}, as Keras's {@code pad_sequences} does by default:
 *       ids {@code x_1 … x_n} become {@code 0 … 0 x_1 … x_n} if {@code n <= L}, else {@code x_{n−L+1} … x_n};</li>
 *   <li>{@link #floats}: an {@code array<float|double>}, flat or nested ({@code array<array<...>>} for
 *       {@code (time, features)}), holding exactly one sample's values in row-major order;</li>
 *   <li>{@link #text}: raw text, made into token ids on the executors by a {@link TextEncoder} (a tokenizer and
 *       its vocabulary), then padded as token ids. The encoder travels with the column (Spark serializes it once
 *       per task set).</li>
 * </ul>
 */
public final class FeatureColumn implements Serializable {

    private static final long serialVersionUID = 1L;

    private enum Kind { TOKEN_IDS, FLOATS, TEXT }

    private final String name;
    private final Kind kind;
    private final TextEncoder encoder;

    private FeatureColumn(String name, Kind kind, TextEncoder encoder) {
        Objects.requireNonNull(name, "column name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("A feature column needs a name: give the name of the table's column "
                    + "that holds the model's input");
        }
        this.name = name;
        this.kind = kind;
        this.encoder = encoder;
    }

    /** Token ids in {@code column}, for a model whose input is {@code INT32 (length)}. */
    public static FeatureColumn tokenIds(String column) {
        return new FeatureColumn(column, Kind.TOKEN_IDS, null);
    }

    /** One sample's floats in {@code column}, for a model whose input is {@code FLOAT32} of any shape. */
    public static FeatureColumn floats(String column) {
        return new FeatureColumn(column, Kind.FLOATS, null);
    }

    /** Raw text in {@code column}, made into token ids by {@code encoder}, for an {@code INT32 (length)} input. */
    public static FeatureColumn text(String column, TextEncoder encoder) {
        return new FeatureColumn(column, Kind.TEXT, Objects.requireNonNull(encoder, "text encoder"));
    }

    /** The column's name. */
    public String name() {
        return name;
    }

    /**
     * One sample for a model with input {@code input}, of shape {@code input.shape()}.
     *
     * @throws IllegalArgumentException naming the column and the problem: a null value, a value of another type, a
     *                                  number of values other than the input's, a non-integral id
     */
    public NdArray read(Row row, Input input) {
        int field;
        try {
            field = row.fieldIndex(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The table has no column '" + name + "'; its columns are "
                    + List.of(row.schema().fieldNames()), e);
        }
        Object value = row.get(field);
        if (value == null) {
            throw new IllegalArgumentException("Column '" + name + "' is null");
        }
        if (kind == Kind.TEXT) {
            if (!(value instanceof String)) {
                throw new IllegalArgumentException("Column '" + name + "' should hold text, got "
                        + value.getClass().getSimpleName());
            }
            return padded(encoder.encode((String) value), input);
        }
        List<Number> numbers = ColumnValues.numbers(value, name);
        if (kind == Kind.TOKEN_IDS) {
            int[] ids = new int[numbers.size()];
            for (int i = 0; i < ids.length; i++) {
                double id = numbers.get(i).doubleValue();
                if (id != Math.rint(id) || Math.abs(id) > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("Column '" + name + "' holds " + numbers.get(i) + " at position "
                            + i + ", which is not a token id (an integer)");
                }
                ids[i] = (int) id;
            }
            return padded(ids, input);
        }
        if (input.dataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("Column '" + name + "' holds floats, but the model takes token ids: "
                    + "read it with FeatureColumn.tokenIds");
        }
        long expected = input.shape().size();
        if (numbers.size() != expected) {
            throw new IllegalArgumentException("Column '" + name + "' holds " + numbers.size() + " values, but the "
                    + "model's input " + input.shape() + " takes " + expected);
        }
        float[] values = new float[numbers.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = numbers.get(i).floatValue();
        }
        return NdArray.wrapFloats(input.shape(), values);
    }

    private NdArray padded(int[] ids, Input input) {
        if (input.dataType() != DataType.INT32 || input.shape().rank() != 1) {
            throw new IllegalArgumentException("Column '" + name + "' holds token ids, but the model takes "
                    + input.dataType() + " " + input.shape() + ": read it with FeatureColumn.floats");
        }
        int length = input.shape().dims()[0];
        int kept = Math.min(ids.length, length);
        int[] row = new int[length];
        System.arraycopy(ids, ids.length - kept, row, length - kept, kept);
        return NdArray.wrapInts(input.shape(), row);
    }

    /** Stacks samples of one shape into a batch {@code (samples, ...)}. */
    static NdArray stack(List<NdArray> samples, Shape sampleShape, DataType type) {
        int per = Math.toIntExact(sampleShape.size());
        Shape shape = sampleShape.prepend(samples.size());
        if (type == DataType.INT32) {
            int[] values = new int[samples.size() * per];
            for (int i = 0; i < samples.size(); i++) {
                System.arraycopy(samples.get(i).toIntArray(), 0, values, i * per, per);
            }
            return NdArray.wrapInts(shape, values);
        }
        float[] values = new float[samples.size() * per];
        for (int i = 0; i < samples.size(); i++) {
            System.arraycopy(samples.get(i).toFloatArray(), 0, values, i * per, per);
        }
        return NdArray.wrapFloats(shape, values);
    }
}
