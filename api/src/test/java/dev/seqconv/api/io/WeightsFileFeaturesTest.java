package dev.seqconv.api.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.network.Input;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Weights files written by h5py with options seqconv's reader may or may not implement (the fixtures and the
 * script that made them: {@code src/test/python/make_hdf5_fixtures.py}): each loads the right numbers or is
 * refused by name, and a damaged byte under any checksum the file carries is reported.
 */
class WeightsFileFeaturesTest {

    private static final float[] KERNEL = new float[12];
    private static final float[] BIAS = {0.25f, -0.5f, 1.5f};

    static {
        for (int i = 0; i < KERNEL.length; i++) {
            KERNEL[i] = (i - 5.5f) / 8;
        }
    }

    @TempDir
    Path dir;

    private static Sequential dense() {
        return Sequential.builder().input(Input.floats(4)).add(Dense.of(3)).seed(1).build();
    }

    private Path fixture(String name) throws IOException {
        Path file = dir.resolve(name + ".weights.h5");
        try (InputStream in = getClass().getResourceAsStream("hdf5/" + name + ".weights.h5")) {
            Files.copy(in, file);
        }
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "big_endian", "fletcher32", "shuffle_gzip_fletcher32", "lzf", "latest"})
    void supportedOptionsLoadTheRightNumbers(String name) throws IOException {
        Path file = fixture(name);
        try (Sequential model = dense()) {
            model.loadWeights(file);
            List<NdArray> weights = model.getWeights();
            assertThat(weights.get(0).toFloatArray()).containsExactly(KERNEL);
            assertThat(weights.get(1).toFloatArray()).containsExactly(BIAS);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "float16           | the datatype float16",
        "float64           | the datatype float64",
        "non_ieee_float    | a non-IEEE 4-byte float",
        "scaleoffset       | the HDF5 filter 'scaleoffset' (id 6)",
        "unwritten_chunk   | an unwritten chunk at [3, 0] whose values are the fill value 7.5",
        "unwritten_chunk_zero_fill | an unwritten chunk at [3, 0] whose values are the fill value 0.0",
        "latest_resizable  | an extensible-array chunk index",
        "track_order       | dense attribute storage",
        "virtual           | Virtual storage is not supported",
        "external          | External Data Files Message"})
    void unimplementedFeaturesAreRefusedByName(String name, String feature) throws IOException {
        Path file = fixture(name);
        try (Sequential model = dense()) {
            assertThatThrownBy(() -> model.loadWeights(file)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining(feature)
                    .hasMessageContaining("seqconv reads float32 datasets");
        }
    }

    @Test
    void refusalsNameTheDataset() throws IOException {
        Path file = fixture("scaleoffset");
        try (Sequential model = dense()) {
            assertThatThrownBy(() -> model.loadWeights(file))
                    .hasMessageContaining("layer 'dense' weight 0 (kernel) (HDF5 dataset /layers/dense/vars/0)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"fletcher32", "shuffle_gzip_fletcher32", "latest"})
    void aDamagedChunkFailsItsFletcher32Checksum(String name) throws IOException {
        Path file = fixture(name);
        byte[] bytes = Files.readAllBytes(file);
        int at = name.contains("gzip") ? lastChunkByte(bytes) : indexOf(bytes, floatBytes(KERNEL[1]));
        bytes[at] ^= 0x01;
        Files.write(file, bytes);
        try (Sequential model = dense()) {
            assertThatThrownBy(() -> model.loadWeights(file)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("layer 'dense' weight 0 (kernel)").hasMessageContaining("checksum")
                    .hasMessageContaining("the file is corrupt");
        }
    }

    @Test
    void aDamagedSuperblockOrObjectHeaderFailsItsChecksum() throws IOException {
        Path file = fixture("latest");
        byte[] good = Files.readAllBytes(file);
        // the end-of-file address in the superblock; the name of the layer group's attribute, in its object header
        int[] damaged = {28, indexOf(good, "class_name".getBytes(StandardCharsets.US_ASCII))};
        for (int at : damaged) {
            byte[] bytes = good.clone();
            bytes[at] ^= 0x01;
            Files.write(file, bytes);
            try (Sequential model = dense()) {
                assertThatThrownBy(() -> model.loadWeights(file)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(file.toString()).hasMessageContaining("fails an HDF5 checksum")
                        .hasMessageContaining("the file is corrupt");
            }
        }
    }

    /** The kernel's second (compressed) chunk is the last one written before the bias: one byte inside it. */
    private static int lastChunkByte(byte[] bytes) {
        return indexOf(bytes, floatBytes(BIAS[0])) - 8;
    }

    private static byte[] floatBytes(float value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value).array();
    }

    private static int indexOf(byte[] bytes, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not in the fixture");
    }
}
