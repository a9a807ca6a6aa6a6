package dev.seqconv.spark;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Row;

/**
 * The column of a table that holds a sample's target: a number (a class id or a 0/1 label, a regression target)
 * or an array of numbers (one-hot classes, several outputs), read as floats.
 */
final class LabelColumn implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String name;

    LabelColumn(String name) {
        this.name = Objects.requireNonNull(name, "label column");
    }

    String name() {
        return name;
    }

    /** One sample's target, shape {@code (values)}. */
    NdArray read(Row row) {
        Object value = row.get(row.fieldIndex(name));
        if (value == null) {
            throw new IllegalArgumentException("Label column '" + name + "' is null");
        }
        if (value instanceof Boolean) {
            return NdArray.ofFloats(Shape.of(1), (Boolean) value ? 1f : 0f);
        }
        List<Number> numbers = ColumnValues.numbers(value, name);
        float[] floats = new float[numbers.size()];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = numbers.get(i).floatValue();
        }
        return NdArray.wrapFloats(Shape.of(floats.length), floats);
    }
}
