package dev.seqconv.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.network.Input;
import java.util.Arrays;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** A text column's ids come from its encoder, then are padded and truncated at the start, without Spark jobs. */
class FeatureColumnTest {

    /** One id per word: the word's length. */
    private static final TextEncoder WORD_LENGTHS = text -> Arrays.stream(text.split(" "))
            .mapToInt(String::length).toArray();

    @Test
    void shortTextIsPaddedWithZerosBeforeItsIds() {
        FeatureColumn column = FeatureColumn.text("review", WORD_LENGTHS);

        assertThat(column.read(row("a bb ccc"), Input.ints(5)).toIntArray()).containsExactly(0, 0, 1, 2, 3);
    }

    @Test
    void longTextKeepsItsLastIds() {
        FeatureColumn column = FeatureColumn.text("review", WORD_LENGTHS);

        assertThat(column.read(row("a bb ccc dddd eeeee"), Input.ints(3)).toIntArray()).containsExactly(3, 4, 5);
        assertThat(column.read(row("a bb ccc"), Input.ints(3)).shape()).isEqualTo(Shape.of(3));
    }

    @Test
    void textForAFloatInputIsRefusedWithTheReaderToUse() {
        FeatureColumn column = FeatureColumn.text("review", WORD_LENGTHS);

        assertThatThrownBy(() -> column.read(row("a bb"), Input.floats(4, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FeatureColumn.floats");
    }

    @Test
    void aBlankColumnNameIsRefused() {
        assertThatThrownBy(() -> FeatureColumn.tokenIds(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a name");
    }

    private static Row row(String text) {
        return new GenericRowWithSchema(new Object[] {text}, new StructType().add("review", DataTypes.StringType));
    }
}
