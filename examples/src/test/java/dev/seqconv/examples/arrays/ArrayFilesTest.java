package dev.seqconv.examples.arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** predict's input and output files: NumPy's .npy and JSON nested lists. */
class ArrayFilesTest {

    @TempDir
    Path dir;

    @Test
    void npyFloat32RoundTripsWithItsShape() {
        NdArray x = NdArray.ofFloats(Shape.of(2, 3), 1f, -2.5f, 3f, 4f, 5e-8f, 6f);
        Path file = dir.resolve("out.npy");
        ArrayFiles.writeOutput(file, x);
        NdArray back = ArrayFiles.readInput(file);
        assertThat(back.shape()).isEqualTo(Shape.of(2, 3));
        assertThat(back.toFloatArray()).containsExactly(x.toFloatArray());
    }

    @Test
    void npyInt64AndBigEndianFloat64AsNumpyWritesThem() throws IOException {
        Path ids = write("ids.npy", "{'descr': '<i8', 'fortran_order': False, 'shape': (2, 2), }", ByteOrder.LITTLE_ENDIAN,
                b -> b.putLong(1).putLong(2).putLong(3).putLong(9999));
        NdArray read = ArrayFiles.readInput(ids);
        assertThat(read.dataType()).isEqualTo(DataType.INT32);
        assertThat(read.toIntArray()).containsExactly(1, 2, 3, 9999);
        Path doubles = write("d.npy", "{'descr': '>f8', 'fortran_order': False, 'shape': (3,), }", ByteOrder.BIG_ENDIAN,
                b -> b.putDouble(0.5).putDouble(-1).putDouble(2));
        assertThat(ArrayFiles.readInput(doubles).toFloatArray()).containsExactly(0.5f, -1f, 2f);
    }

    @Test
    void npyFilesThisReaderDoesNotTakeAreRefusedByName() throws IOException {
        Path fortran = write("f.npy", "{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }", ByteOrder.LITTLE_ENDIAN,
                b -> b.putFloat(1));
        assertThatThrownBy(() -> ArrayFiles.readInput(fortran)).hasMessageContaining("Fortran order");
        Path complex = write("c.npy", "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", ByteOrder.LITTLE_ENDIAN,
                b -> b.putFloat(1).putFloat(0));
        assertThatThrownBy(() -> ArrayFiles.readInput(complex)).hasMessageContaining("c.npy");
        Path truncated = write("t.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", ByteOrder.LITTLE_ENDIAN,
                b -> b.putFloat(1));
        assertThatThrownBy(() -> ArrayFiles.readInput(truncated)).hasMessageContaining("truncated");
        Path text = dir.resolve("x.npy");
        Files.writeString(text, "hello");
        assertThatThrownBy(() -> ArrayFiles.readInput(text)).hasMessageContaining("not a .npy file");
    }

    @Test
    void npyDtypesNumpyWritesButSeqconvDoesNotReadAreNamedWithTheConversion() throws IOException {
        Path bools = write("bools.npy", "{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }",
                ByteOrder.LITTLE_ENDIAN, b -> b.put((byte) 1).put((byte) 0));
        assertThatThrownBy(() -> ArrayFiles.readInput(bools)).hasMessageContaining("bools.npy")
                .hasMessageContaining("bool values (dtype '|b1')").hasMessageContaining("float32, float64, int32")
                .hasMessageContaining("x.astype('float32')").hasMessageNotContaining("not one NumPy writes");
        Path objects = write("objects.npy", "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }",
                ByteOrder.LITTLE_ENDIAN, b -> b.put((byte) 0x80));
        assertThatThrownBy(() -> ArrayFiles.readInput(objects)).hasMessageContaining("objects.npy")
                .hasMessageContaining("Python object values (dtype '|O')");
        Path halves = write("halves.npy", "{'descr': '<f2', 'fortran_order': False, 'shape': (1,), }",
                ByteOrder.LITTLE_ENDIAN, b -> b.putShort((short) 0));
        assertThatThrownBy(() -> ArrayFiles.readInput(halves)).hasMessageContaining("float16 values (dtype '<f2')");
        Path records = write("records.npy", "{'descr': [('a', '<f4'), ('b', '<i4')], 'fortran_order': False, "
                + "'shape': (1,), }", ByteOrder.LITTLE_ENDIAN, b -> b.putFloat(1).putInt(2));
        assertThatThrownBy(() -> ArrayFiles.readInput(records)).hasMessageContaining("records.npy")
                .hasMessageContaining("structured array");
    }

    @Test
    void aSingleNumberIsRefusedAsInputNamingTheFile() throws IOException {
        Path scalar = write("scalar.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (), }",
                ByteOrder.LITTLE_ENDIAN, b -> b.putFloat(1));
        assertThat(NpyFile.read(scalar).shape().rank()).isZero();
        assertThatThrownBy(() -> ArrayFiles.readInput(scalar)).hasMessageContaining("scalar.npy")
                .hasMessageContaining("single number").hasMessageContaining("x[None]");
    }

    @Test
    void npyIntegersBeyondInt32AreOutOfRange() throws IOException {
        Path big = write("big.npy", "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }",
                ByteOrder.LITTLE_ENDIAN, b -> b.putLong(1).putLong(3_000_000_000L));
        assertThatThrownBy(() -> ArrayFiles.readInput(big)).hasMessageContaining("big.npy")
                .hasMessageContaining("3000000000").hasMessageContaining("out of range for int32");
    }

    @Test
    void jsonIntegersAreTokenIdsAndAnyFractionMakesFloats() throws IOException {
        Path ids = dir.resolve("ids.json");
        Files.writeString(ids, "{\"input\": [[1, 2, 3], [4, 5, 6]]}");
        NdArray read = ArrayFiles.readInput(ids);
        assertThat(read.dataType()).isEqualTo(DataType.INT32);
        assertThat(read.shape()).isEqualTo(Shape.of(2, 3));
        Path floats = dir.resolve("f.json");
        Files.writeString(floats, "{\"input\": [[[0.5], [1]], [[2], [3e-1]]]}");
        assertThat(ArrayFiles.readInput(floats).toFloatArray()).containsExactly(0.5f, 1f, 2f, 0.3f);
    }

    @Test
    void jsonOutputIsNestedLists() throws IOException {
        Path out = dir.resolve("out.json");
        ArrayFiles.writeOutput(out, NdArray.ofFloats(Shape.of(2, 1), 0.25f, 0.75f));
        assertThat(Files.readString(out)).isEqualTo("{\"output\":[[0.25],[0.75]]}\n");
    }

    @Test
    void badJsonIsRefusedSayingWhy() throws IOException {
        Path ragged = dir.resolve("r.json");
        Files.writeString(ragged, "{\"input\": [[1, 2], [3]]}");
        assertThatThrownBy(() -> ArrayFiles.readInput(ragged)).hasMessageContaining("ragged").hasMessageContaining("[1]");
        Path noMember = dir.resolve("m.json");
        Files.writeString(noMember, "{\"x\": [1]}");
        assertThatThrownBy(() -> ArrayFiles.readInput(noMember)).hasMessageContaining("\"input\" member");
        Path text = dir.resolve("t.json");
        Files.writeString(text, "{\"input\": [[1, \"a\"]]}");
        assertThatThrownBy(() -> ArrayFiles.readInput(text)).hasMessageContaining("[0][1]").hasMessageContaining("not a number");
    }

    private interface Values {
        void put(ByteBuffer buffer);
    }

    private Path write(String name, String header, ByteOrder order, Values values) throws IOException {
        StringBuilder padded = new StringBuilder(header);
        while ((10 + padded.length() + 1) % 64 != 0) {
            padded.append(' ');
        }
        padded.append('\n');
        ByteBuffer buffer = ByteBuffer.allocate(10 + padded.length() + 64).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) padded.length())
                .put(padded.toString().getBytes(StandardCharsets.ISO_8859_1));
        buffer.order(order);
        values.put(buffer);
        Path file = dir.resolve(name);
        byte[] bytes = new byte[buffer.position()];
        buffer.flip().get(bytes);
        Files.write(file, bytes);
        return file;
    }
}
