package dev.seqconv.api.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file read while another writer replaces it gives one version whole, or a message naming the file; jhdf's own
 * failures name the file too. (The million-load run against another process is {@code RewrittenFileBenchmark}.)
 */
class RewrittenFileReadTest {

    private static final Shape EMBEDDING = Shape.of(500, 16);
    private static final List<LayerLayout> LAYOUT = List.of(new LayerLayout("embedding", "Embedding",
            List.of(new LayerLayout.Variable("embeddings", EMBEDDING))));
    private static final int LOADS = 400;

    @TempDir
    Path dir;

    /** Version {@code v}: every weight and optimizer value is {@code v}, and so is the epoch. */
    private static CheckpointFile.Checkpoint version(int v) {
        float[] values = new float[Math.toIntExact(EMBEDDING.size())];
        Arrays.fill(values, v);
        NdArray weights = NdArray.wrapFloats(EMBEDDING, values);
        return new CheckpointFile.Checkpoint(v, List.of(weights), List.of(weights, NdArray.scalar(v)), "RMSprop");
    }

    @Test
    void checkpointsLoadedWhileAnotherWriterSavesAreOneVersionWhole() throws Exception {
        Path file = dir.resolve("last.h5");
        CheckpointFile.save(file, LAYOUT, version(0));
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                for (int v = 1; !done.get(); v++) {
                    CheckpointFile.save(file, LAYOUT, version(v));
                }
            } catch (RuntimeException e) {
                writerFailure.set(e);
            }
        });
        writer.start();
        try {
            for (int i = 0; i < LOADS; i++) {
                CheckpointFile.Checkpoint loaded = CheckpointFile.load(file, LAYOUT, "RMSprop",
                        List.of(EMBEDDING, Shape.of()));
                float epoch = loaded.epoch();
                assertThat(loaded.weights().get(0).toFloatArray()).as("load %d's weights", i).containsOnly(epoch);
                assertThat(loaded.optimizerState().get(0).toFloatArray()).as("load %d's optimizer slots", i)
                        .containsOnly(epoch);
                assertThat(loaded.optimizerState().get(1).item()).as("load %d's step", i).isEqualTo(epoch);
            }
        } finally {
            done.set(true);
            writer.join();
        }
        assertThat(writerFailure.get()).isNull();
    }

    @Test
    void aFailureInsideJhdfNamesTheFile() throws IOException {
        Path file = dir.resolve("odd.weights.h5");
        Files.copy(getClass().getResourceAsStream("hdf5/plain.weights.h5"), file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[14] = 0; // the superblock's size of lengths: jhdf then reads lengths of 0 bytes
        Files.write(file, bytes);
        assertThatThrownBy(() -> WeightsFile.load(file, LAYOUT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + " is not a readable HDF5 weights file (")
                .hasMessageContaining("restore it from a good copy or save it again");
    }

    @Test
    void anEmptyFileIsCalledEmpty() throws IOException {
        Path file = Files.createFile(dir.resolve("empty.weights.h5"));
        assertThatThrownBy(() -> WeightsFile.load(file, LAYOUT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + " is empty: it was never written, or a program is writing it in place and has "
                        + "just begun. Load it once it is written");
    }

    @Test
    void aFileShorterThanItsHeaderSaysIsTruncated() throws IOException {
        Path file = dir.resolve("cut.weights.h5");
        WeightsFile.save(file, LAYOUT, version(1).weights());
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 1000));
        assertThatThrownBy(() -> WeightsFile.load(file, LAYOUT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + " is truncated: it holds " + (bytes.length - 1000) + " bytes, but its HDF5 header "
                        + "says " + bytes.length + ". It was cut short (an interrupted copy or download, or a writer "
                        + "that has not finished); copy or save it again");
    }
}
