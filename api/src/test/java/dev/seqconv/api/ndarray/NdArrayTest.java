package dev.seqconv.api.ndarray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NdArrayTest {

    @Test
    void shapesPrintAsKerasDoes() {
        assertThat(Shape.of(Shape.UNKNOWN, 500, 128)).hasToString("(None, 500, 128)");
        assertThat(Shape.of(500)).hasToString("(500,)");
        assertThat(Shape.of(3, 4).prepend(Shape.UNKNOWN).dropFirst()).isEqualTo(Shape.of(3, 4));
        assertThatThrownBy(() -> Shape.of(Shape.UNKNOWN, 2).size()).hasMessageContaining("unknown dimension");
        assertThatThrownBy(() -> Shape.of(-3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valuesAreCopiedInAndOut() {
        float[] values = {1, 2, 3, 4, 5, 6};
        NdArray a = NdArray.ofFloats(Shape.of(2, 3), values);
        values[0] = 99;
        assertThat(a.getFloat(0, 0)).isEqualTo(1f);
        a.toFloatArray()[1] = 99;
        assertThat(a.getFloat(0, 1)).isEqualTo(2f);
        assertThat(a.getFloat(1, 2)).isEqualTo(6f);
        assertThatThrownBy(() -> a.getFloat(2, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> NdArray.ofFloats(Shape.of(2, 2), 1f)).hasMessageContaining("holds 4 values but 1");
    }

    @Test
    void rowsSelectSamplesAlongTheFirstAxis() {
        NdArray ids = NdArray.ofInts(new int[][] {{1, 2}, {3, 4}, {5, 6}});
        assertThat(ids.rows(1, 3).toIntArray()).containsExactly(3, 4, 5, 6);
        assertThat(ids.rows(new int[] {2, 0}).toIntArray()).containsExactly(5, 6, 1, 2);
        assertThat(ids.rows(new int[] {2, 0}).shape()).isEqualTo(Shape.of(2, 2));
        assertThatThrownBy(() -> ids.rows(new int[] {3})).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void nonFiniteValuesAreFound() {
        assertThat(NdArray.ofFloats(Shape.of(3), 1f, Float.NaN, 2f).firstNonFinite()).isEqualTo(1);
        assertThat(NdArray.ofFloats(Shape.of(2), 1f, 2f).firstNonFinite()).isEqualTo(-1);
        assertThat(NdArray.ofInts(Shape.of(1), 7).firstNonFinite()).isEqualTo(-1);
    }

    @Test
    void serializationKeepsShapeTypeAndEveryValue() throws Exception {
        NdArray floats = NdArray.ofFloats(Shape.of(2, 3), 1f, -0f, Float.MIN_VALUE, Float.NaN, -7.25f, 1e30f);
        NdArray ints = NdArray.ofInts(Shape.of(3, 1), 0, -1, Integer.MAX_VALUE);
        NdArray scalar = NdArray.scalar(4.5f);
        for (NdArray array : List.of(floats, ints, scalar)) {
            NdArray copy = roundTrip(array);
            assertThat(copy.shape()).isEqualTo(array.shape());
            assertThat(copy.dataType()).isEqualTo(array.dataType());
            if (array.dataType() == DataType.FLOAT32) {
                float[] expected = array.toFloatArray();
                float[] actual = copy.toFloatArray();
                for (int i = 0; i < expected.length; i++) {
                    assertThat(Float.floatToRawIntBits(actual[i])).isEqualTo(Float.floatToRawIntBits(expected[i]));
                }
            } else {
                assertThat(copy.toIntArray()).containsExactly(array.toIntArray());
            }
        }
    }

    private static NdArray roundTrip(NdArray array) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(array);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (NdArray) in.readObject();
        }
    }

    @Test
    void mapSlicesStacksTheResultsOfEverySliceInOrder() {
        NdArray x = NdArray.ofFloats(Shape.of(5, 2), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        List<Integer> sliceLengths = new ArrayList<>();
        NdArray sums = x.mapSlices(2, Shape.of(1), slice -> {
            sliceLengths.add(slice.length());
            float[] v = slice.toFloatArray();
            float[] out = new float[slice.length()];
            for (int r = 0; r < out.length; r++) {
                out[r] = v[2 * r] + v[2 * r + 1];
            }
            return NdArray.ofFloats(Shape.of(out.length, 1), out);
        });
        assertThat(sliceLengths).containsExactly(2, 2, 1);
        assertThat(sums.shape()).isEqualTo(Shape.of(5, 1));
        assertThat(sums.toFloatArray()).containsExactly(1, 5, 9, 13, 17);
    }

    @Test
    void mapSlicesRefusesAResultOfTheWrongSizeAndOneTooLargeForAnArray() {
        NdArray x = NdArray.zeros(Shape.of(3, 2));
        assertThatThrownBy(() -> x.mapSlices(2, Shape.of(2), slice -> NdArray.zeros(Shape.of(slice.length(), 1))))
                .hasMessage("Rows [0, 2) gave 2 values where 4 were expected (2 rows of shape (2,))");
        assertThatThrownBy(() -> x.mapSlices(2, Shape.of(1 << 30), slice -> slice))
                .hasMessageContaining("more than one Java array holds");
        assertThatThrownBy(() -> x.mapSlices(0, Shape.of(1), slice -> slice)).hasMessage("sliceRows must be > 0, got 0");
    }
}
