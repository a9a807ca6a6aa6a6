package dev.seqconv.spark;

import java.util.ArrayList;
import java.util.List;
import scala.collection.Iterable;
import scala.jdk.javaapi.CollectionConverters;

/** The numbers in a table cell: a number, or an array of them (nested arrays flattened in row-major order). */
final class ColumnValues {

    private ColumnValues() {
    }

    /**
     * @throws IllegalArgumentException naming {@code column} if the value holds anything but numbers or a null
     *                                  element
     */
    static List<Number> numbers(Object value, String column) {
        List<Number> out = new ArrayList<>();
        flatten(value, column, out);
        return out;
    }

    private static void flatten(Object value, String column, List<Number> out) {
        if (value == null) {
            throw new IllegalArgumentException("Column '" + column + "' holds a null element");
        }
        if (value instanceof Number) {
            out.add((Number) value);
        } else if (value instanceof java.util.List) {
            for (Object v : (java.util.List<?>) value) {
                flatten(v, column, out);
            }
        } else if (value instanceof Iterable) {
            for (Object v : CollectionConverters.asJava((Iterable<?>) value)) {
                flatten(v, column, out);
            }
        } else {
            throw new IllegalArgumentException("Column '" + column + "' should hold numbers or arrays of numbers, got "
                    + value.getClass().getSimpleName());
        }
    }
}
